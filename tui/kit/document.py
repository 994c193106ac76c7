"""The blocks a meeting document is made of, shared by its Markdown and HTML renderings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a remark of the document itself (rendered less prominently)


@dataclass(frozen=True)
class Fields:
    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    right: tuple[int, ...] = field(default=())  # right-aligned (numeric) columns


Block = Heading | Paragraph | Fields | Table

"""Which measure of an official table is which indicator: shipped mappings, remembered ones, new ones.

A measure is named by its label as the table writes it, with sub-groups joined by " / " and
"Insgesamt" left out ("Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen",
"Arbeitslose / Ausländer"). Mappings are keyed by the statistic (the first five digits of
the table code, so "13211-02-05-4" and a flat file of statistic 13211 share them) and the
folded label; a mapping with an empty statistic applies to every table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from importers.columns import fold

SUBGROUP = " / "
TOTAL_WORDS = {"insgesamt", "total", "zusammen", "gesamt"}


def statistic_of(code: str | None) -> str:
    """The statistic a table code belongs to: "13211-02-05-4" → "13211"."""
    if not code:
        return ""
    match = re.match(r"\s*(\w{5})", code)
    return match.group(1) if match else code.strip()


def measure_key(label: str) -> str:
    return fold(label)


def _alq(key: str) -> bool:
    return key.startswith("arbeitslosenquote") and any(
        words in key for words in ("alle zivilen erwerbspersonen", "aller zivilen erwerbspersonen"))


_ELB = {"erwerbsfaehige leistungsberechtigte", "erwerbsfaehige leistungsberechtigte elb",
        "regelleistungsberechtigte erwerbsfaehige leistungsberechtigte"}

# Shipped: the tables that supply the catalogue's context figures. Each test sees the
# folded label; a label with a sub-group (" / ") never matches a whole-population figure.
SHIPPED: dict[str, list[tuple[Callable[[str], bool], str]]] = {
    "12411": [(lambda k: k in {"bevoelkerung", "bevoelkerungsstand", "bevoelkerung insgesamt",
                               "personen", "einwohner"}, "EW")],
    "13211": [(_alq, "ALQ")],
    "22811": [(lambda k: k in _ELB, "ELB")],
    # BA tables: the unemployment rate and eLb counts by month.
    "BA": [(_alq, "ALQ"), (lambda k: k in _ELB, "ELB")],
}


def shipped(statistic: str, label: str) -> str | None:
    if SUBGROUP in label:
        return None
    key = measure_key(label)
    for test, code in SHIPPED.get(statistic_of(statistic), []):
        if test(key):
            return code
    return None


@dataclass
class Mappings:
    """The mappings in force for one import: given on the command line or the import
    screen (`given`, any statistic), remembered in the database, then shipped ones."""

    remembered: dict[tuple[str, str], str] = field(default_factory=dict)
    given: dict[str, str] = field(default_factory=dict)  # folded label -> code
    # Catalogue codes and names (folded): the BA's §48a download names its columns by them.
    catalogue: dict[str, str] = field(default_factory=dict)

    def code_for(self, statistic: str, label: str) -> str | None:
        key = measure_key(label)
        stat = statistic_of(statistic)
        found = (self.given.get(key) or self.remembered.get((stat, key))
                 or self.remembered.get(("", key)) or shipped(stat, label))
        if found is None and stat == "BA" and SUBGROUP not in label:
            found = self.catalogue.get(key) or self.catalogue.get(key.replace(" ", ""))
        return found


def catalogue_names(codes: list[str], names: list[str | None]) -> dict[str, str]:
    """{folded code or name: code} for exact matches of a column to a catalogue indicator."""
    found: dict[str, str] = {}
    for code, name in zip(codes, names, strict=True):
        found[fold(code).replace(" ", "")] = code
        if name:
            found.setdefault(fold(name), code)
    return found


def parse_given(texts: list[str]) -> tuple[dict[str, str], list[str]]:
    """`MERKMAL=CODE` pairs (a leading "+" on the code asks for a new context indicator)
    as {folded label: code}; the texts that are no such pair."""
    found: dict[str, str] = {}
    bad: list[str] = []
    for text in texts:
        for part in (p for p in re.split(r"[;\n]", text) if p.strip()):
            label, sep, code = part.rpartition("=")
            if not sep or not label.strip() or not re.fullmatch(r"\+?[A-Za-z][\w-]{0,15}",
                                                                 code.strip()):
                bad.append(part.strip())
                continue
            found[measure_key(label.strip())] = code.strip()
    return found, bad

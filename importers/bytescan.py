"""What a text file's bytes tell before it is parsed: control characters, valid UTF-8,
white space at the edges of cells; numpy over slices, so a large file needs no copies."""

from __future__ import annotations

import codecs
import re

import numpy as np

# The control characters importers.source removes from text (keeping tab and newline) plus CR,
# in UTF-8 bytes (C1 controls are \xc2\x80-\x9f): a UTF-8 file without any of them can be
# parsed from its bytes as they are.
BYTES_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
NOT_SPACE = re.compile(rb"\S")
SLICE = 4 * 1024 * 1024  # bytes looked at a time by the checks of a whole file


def has_control_bytes(data: bytes, start: int = 0) -> bool:
    """Whether BYTES_CONTROL occurs in data[start:], at array speed (a regex search over
    a large file costs ten times as much), in slices that keep the work arrays small."""
    whole = np.frombuffer(data, dtype=np.uint8)
    for offset in range(start, len(data), SLICE):
        raw = whole[offset:offset + SLICE + 1]  # one byte more: a C1 control's second byte
        low = (raw < 0x20) & (raw != 0x09) & (raw != 0x0A)
        if low.any() or (raw == 0x7F).any():
            return True
        lead = np.flatnonzero(raw[:-1] == 0xC2)
        following = raw[lead + 1]
        if ((following >= 0x80) & (following <= 0x9F)).any():
            return True
    return False


def plain_utf8(data: bytes, start: int) -> bool:
    """Valid UTF-8 without control characters from `start` on: such a file is parsed from
    its bytes as they are. Checked slice by slice, without decoding the whole file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for offset in range(start, len(data), SLICE):
            decoder.decode(view[offset:offset + SLICE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not has_control_bytes(data, start)


UNICODE_SPACES = (b"\xc2\xa0", b"\xe1\x9a\x80", b"\xe3\x80\x80", b"\xe2\x81\x9f",
                   *(b"\xe2\x80" + bytes([last]) for last in (*range(0x80, 0x8B), 0xA8, 0xA9, 0xAF)))


def may_have_spaces(data: bytes, start: int, separator: str) -> bool:
    """Whether a cell of this plain UTF-8 file might start or end with white space:
    an ASCII space or tab beside a separator or a line break, or any Unicode space
    character (looked for among the few non-ASCII bytes). False means no cell needs
    trimming, which is cheaper to know from the bytes (numpy, in slices) than from a
    million cells."""
    edges = np.array([ord(separator), 0x0A], dtype=np.uint8)
    whole = np.frombuffer(data, dtype=np.uint8)
    wide: list[int] = []
    for offset in range(start, len(data), SLICE):
        raw = whole[max(offset - 1, start):offset + SLICE + 1]  # with the bytes beside
        blank = np.flatnonzero((raw == 0x20) | (raw == 0x09))
        if blank.size:
            before = raw[np.maximum(blank - 1, 0)]
            after = raw[np.minimum(blank + 1, len(raw) - 1)]
            at_edge = np.isin(before, edges) | np.isin(after, edges)
            at_edge |= (blank == 0) & (offset == start)  # the header line's first byte
            at_edge |= (blank == len(raw) - 1) & (offset + SLICE >= len(data))  # the last
            if at_edge.any():
                return True
        wide += (np.flatnonzero(raw[1 if offset > start else 0:] >= 0xC2)
                 + offset).tolist() if len(wide) <= 100_000 else []
    if len(wide) > 100_000:  # many non-ASCII letters: let the cells be looked at
        return True
    return any(data[i:i + 3].startswith(UNICODE_SPACES) for i in wide)


def head_end(data: bytes, start: int, lines: int) -> int:
    """Where the first `lines` lines from `start` end."""
    end = start
    for _ in range(lines):
        end = data.find(b"\n", end) + 1
        if end == 0:
            return len(data)
    return end

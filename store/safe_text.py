"""One rule for data text that may reach a terminal: no escape sequences, no control characters."""

from __future__ import annotations

import re

# Whole escape sequences first, so no remnant (such as "]52;c;…" of an OSC 52 clipboard
# write) is left behind: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ … ST), the 8-bit forms (CSI 0x9b, OSC 0x9d, DCS 0x90 …) and two-byte ESC x.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
# C0 controls but tab and newline, DEL and C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_controls(text: object, multiline: bool = True) -> str:
    """`text` without escape sequences and control characters. Tab and newline stay in
    `multiline` text (notes); a one-line field has them replaced by spaces."""
    value = "" if text is None else str(text)
    if not value.isprintable():
        value = _SEQUENCES.sub("", value)
        if multiline:
            value = _CONTROLS.sub("", value)
        else:
            value = _CONTROLS_ONE_LINE.sub(" ", value.replace("\r\n", " "))
    return value

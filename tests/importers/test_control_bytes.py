"""The array-speed control-character check finds exactly what the byte regex finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from importers.bytescan import BYTES_CONTROL, has_control_bytes
from importers.limits import MAX_COLUMNS, check_columns
from importers.problems import SourceError

# Bytes around the edges that matter: controls, tab, newline, DEL, the C1 lead byte 0xC2 and
# its continuation range, plain letters and umlauts' UTF-8 bytes.
EDGES = st.sampled_from([0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F,
                         0xC2, 0x7F, 0x80, 0x9F, 0xA0, 0xC3, 0xA4, 0xBF])


@settings(max_examples=400)
@given(st.lists(EDGES, max_size=40), st.integers(min_value=0, max_value=3))
def test_array_check_agrees_with_the_byte_regex(values: list[int], start: int) -> None:
    data = bytes(values)
    start = min(start, len(data))
    assert has_control_bytes(data, start) == (BYTES_CONTROL.search(data, start) is not None)


def test_a_line_with_too_many_fields_is_named_by_its_row() -> None:
    wide = ";".join(["1"] * (MAX_COLUMNS + 1)).encode()
    data = b"AGS;Wert\n" + b"1;2\n" * 3 + wide + b"\n4;5\n"
    try:
        check_columns(data)
    except SourceError as error:
        assert (error.reason, error.row) == ("too_many_columns", 5)
    else:
        raise AssertionError("a line of more than MAX_COLUMNS fields was accepted")
    check_columns(b"AGS;Wert\n" + b"x" * (MAX_COLUMNS + 10) + b"\n")  # long, but one field

"""Delivery status: delivered, provisional, missing, implausible (range or jump), what to chase."""

from __future__ import annotations

import polars as pl

from store import periods
from store.compare import obs_frame
from store.compare.delivery import JUMP_K, delivery_counts, delivery_status, to_chase

PERIOD = "2026-Q3"
INDICATORS = pl.DataFrame({"code": ["A", "B"], "min_value": [0.0, 0.0],
                           "max_value": [100.0, 1000.0], "decimals": [1, 0]})
MEMBERS = pl.DataFrame({"ags": ["m1", "m2", "m3"], "name": ["Eins", "Zwei", "Drei"]})


def history(ags: str, code: str, values: list[float]) -> list[tuple]:
    """Figures for the quarters before PERIOD, the last value one quarter before it."""
    start = periods.shift(PERIOD, -len(values))
    return [(ags, code, periods.shift(start, i), v) for i, v in enumerate(values)]


def state(frame: pl.DataFrame, ags: str, code: str) -> tuple[str, str | None]:
    row = frame.filter((pl.col("ags") == ags) & (pl.col("indicator_code") == code)).row(
        0, named=True)
    return row["state"], row["reason"]


def test_states_of_every_member_and_indicator() -> None:
    steady = [10.0, 10.5, 11.0, 10.8, 11.2, 11.0, 11.4]  # changes of about ±0.4
    rows = history("m1", "A", steady) + history("m2", "A", steady) + history("m3", "A", steady)
    rows += [("m1", "A", PERIOD, 11.6, None, None, "final"),
             ("m2", "A", PERIOD, 30.0, None, None, "final"),       # a jump
             ("m3", "A", PERIOD, 11.5, None, None, "provisional"),
             ("m1", "B", PERIOD, 1500.0, None, None, "final"),     # outside 0–1000
             ("m2", "B", PERIOD, None, None, None, "missing"),
             ("m3", "B", PERIOD, None, None, None, "confidential")]
    status = delivery_status(obs_frame(rows), MEMBERS, INDICATORS, PERIOD)
    assert status.height == 6
    assert status.select("ags", "indicator_code").rows() == [
        ("m1", "A"), ("m1", "B"), ("m2", "A"), ("m2", "B"), ("m3", "A"), ("m3", "B")]
    assert state(status, "m1", "A") == ("delivered", None)
    assert state(status, "m2", "A") == ("implausible", "jump")
    assert state(status, "m3", "A") == ("provisional", None)
    assert state(status, "m1", "B") == ("implausible", "range")
    assert state(status, "m2", "B") == ("missing", None)
    assert state(status, "m3", "B") == ("delivered", None)  # marked secret: answered
    counts = delivery_counts(status).rows_by_key("ags", named=True, unique=True)
    assert counts["m2"] == {"delivered": 0, "provisional": 0, "missing": 1, "implausible": 1}
    chase = to_chase(status)
    assert chase["ags"].to_list() == ["m1", "m2"]
    assert chase.row(1, named=True) == {"ags": "m2", "missing": ["B"], "implausible": ["A"],
                                        "provisional": []}


def test_jump_is_measured_against_the_members_own_changes() -> None:
    # m1 moves by ±5 each quarter, m2 by ±0.1: a change of 4 is usual for one only.
    rows = history("m1", "A", [50.0, 55.0, 50.0, 55.0, 50.0, 55.0, 50.0])
    rows += history("m2", "A", [50.0, 50.1, 50.0, 50.1, 50.0, 50.1, 50.0])
    rows += [("m1", "A", PERIOD, 54.0), ("m2", "A", PERIOD, 54.0)]
    status = delivery_status(obs_frame(rows), MEMBERS, INDICATORS.head(1), PERIOD)
    assert state(status, "m1", "A") == ("delivered", None)
    assert state(status, "m2", "A") == ("implausible", "jump")
    m2 = status.filter(pl.col("ags") == "m2").row(0, named=True)
    # The floor: one unit of the shown decimals (0.1), so a steady series is not hair-trigger.
    assert m2["jump_scale"] >= 0.1 and abs(m2["change"] - m2["usual_change"]) > JUMP_K * 0.1


def test_short_or_broken_history_has_no_jump_check() -> None:
    rows = history("m1", "A", [10.0, 10.1, 10.0])  # two changes only
    # m2: seven quarters, but every other one missing: no consecutive changes.
    rows += history("m2", "A", [10.0] * 7)[::2]
    rows += [("m1", "A", PERIOD, 90.0), ("m2", "A", PERIOD, 90.0)]
    status = delivery_status(obs_frame(rows), MEMBERS, INDICATORS.head(1), PERIOD)
    assert state(status, "m1", "A") == ("delivered", None)
    assert state(status, "m2", "A") == ("delivered", None)
    assert state(status, "m3", "A") == ("missing", None)

"""Indicator matrix (robust z), discussion candidates and their German reason texts, by hand."""

from __future__ import annotations

import polars as pl
import pytest

from store.compare import discussion_candidates, indicator_matrix
from store.compare.common import obs_frame
from tui.kit.texts.reasons import reason_text

Q, PREV, YEAR = "2024-Q2", "2024-Q1", "2023-Q2"
MAD_SCALE = 1.4826
RING = pl.DataFrame({"ags": list("abcde")})
FIVE = (1.0, 2.0, 3.0, 4.0, 10.0)  # median 3; |x − 3| = 2, 1, 0, 1, 7 → MAD 1


def matrix_catalogue() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": ["U", "D", "N", "FLAT", "TWO"],
            "direction": ["up", "down", "neutral", "up", "up"],
            "kind": ["outcome", "outcome", "process", "outcome", "outcome"],
        }
    )


def matrix_obs() -> pl.DataFrame:
    rows = [(a, code, Q, v) for code in ("U", "D", "N") for a, v in zip("abcde", FIVE, strict=True)]
    rows += [(a, "FLAT", Q, v) for a, v in zip("abcde", (5.0, 5.0, 5.0, 5.0, 9.0), strict=True)]
    rows += [("a", "TWO", Q, 1.0), ("b", "TWO", Q, 9.0)]
    rows += [("a", "U", PREV, 100.0), ("z", "U", Q, 1000.0)]  # other period, non-member
    return obs_frame(rows)


def test_robust_z_and_direction_aware_score() -> None:
    out = indicator_matrix(matrix_obs(), RING, matrix_catalogue(), Q)
    assert out.height == 5 * 5
    cell = {(r["ags"], r["indicator_code"]): r for r in out.iter_rows(named=True)}
    for ags, value in zip("abcde", FIVE, strict=True):
        z = (value - 3.0) / (MAD_SCALE * 1.0)
        assert cell[ags, "U"]["robust_z"] == pytest.approx(z)
        assert cell[ags, "U"]["score"] == pytest.approx(z)
        assert cell[ags, "D"]["score"] == pytest.approx(-z)  # lower is favourable
        assert cell[ags, "N"]["robust_z"] == pytest.approx(z)
        assert cell[ags, "N"]["score"] is None  # neutral figures are never shaded
    assert cell["e", "U"]["robust_z"] == pytest.approx(7 / 1.4826)
    assert (cell["a", "U"]["median"], cell["a", "U"]["mad"], cell["a", "U"]["n"]) == (3.0, 1.0, 5)


def test_robust_z_undefined_for_zero_mad_and_too_few_values() -> None:
    out = indicator_matrix(matrix_obs(), RING, matrix_catalogue(), Q)
    cell = {(r["ags"], r["indicator_code"]): r for r in out.iter_rows(named=True)}
    assert cell["e", "FLAT"]["mad"] == 0.0 and cell["e", "FLAT"]["robust_z"] is None
    assert cell["a", "TWO"]["n"] == 2 and cell["a", "TWO"]["robust_z"] is None
    assert cell["c", "TWO"]["value"] is None and cell["c", "TWO"]["status"] == "missing"


def candidate_catalogue() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": ["U", "V", "W", "CTX", "CNT"],
            "kind": ["outcome", "supplementary", "process", "context", "outcome"],
            "unit": ["%", "%", "%", "%", "Anzahl"],
            "direction": ["up", "down", "neutral", "neutral", "neutral"],
        }
    )


def candidate_obs() -> pl.DataFrame:
    rows = []
    # U: e deviates (z = 7/1.4826 ≈ 4.72) and changed sharply against the year before:
    # changes 0, 1, 0, 1, 20 → median 1, MAD 1 → z = 19/1.4826 ≈ 12.8 (its strongest reason).
    rows += [(a, "U", Q, v) for a, v in zip("abcde", FIVE, strict=True)]
    rows += [(a, "U", PREV, v) for a, v in zip("abcde", FIVE, strict=True)]
    rows += [(a, "U", YEAR, v) for a, v in zip("abcde", (1.0, 1.0, 3.0, 3.0, -10.0), strict=True)]
    # V: no deviation (|z| ≤ 1.35), but e's change against the previous quarter (8) stands out:
    # changes 0, 1, 1, 0, 8 → median 1, MAD 1 → z = 7/1.4826 ≈ 4.72.
    rows += [(a, "V", Q, v) for a, v in zip("abcde", (5.0, 6.0, 7.0, 8.0, 9.0), strict=True)]
    rows += [(a, "V", PREV, v) for a, v in zip("abcde", (5.0, 5.0, 6.0, 8.0, 1.0), strict=True)]
    # W: equal values; only statuses move. a: final → provisional (routine), b: → estimated,
    # c: provisional → final (routine), d: back from confidential, e: not delivered any more.
    now = {"a": "provisional", "b": "estimated", "c": "final", "d": "final"}
    before = {"a": "final", "b": "final", "c": "provisional", "d": "confidential", "e": "final"}
    rows += [(a, "W", Q, 5.0, None, None, s) for a, s in now.items()]
    rows += [(a, "W", PREV, None if s == "confidential" else 5.0, None, None, s)
             for a, s in before.items()]
    # Context figures and counts never become candidates, however extreme.
    for code in ("CTX", "CNT"):
        rows += [(a, code, Q, v) for a, v in zip("abcde", (1.0, 2.0, 3.0, 4.0, 1e6), strict=True)]
    return obs_frame(rows)


def test_discussion_candidates_hand_computed() -> None:
    out = discussion_candidates(candidate_obs(), RING, candidate_catalogue(), Q, limit=50)
    got = out.select("ags", "indicator_code", "kind").rows()
    assert got == [
        ("e", "U", "change_year"),
        ("e", "V", "change_previous"),
        ("b", "W", "status"),
        ("d", "W", "status"),
        ("e", "W", "status"),
    ]
    rows = out.rows(named=True)
    assert rows[0]["score"] == pytest.approx(19 / 1.4826)
    assert rows[0]["change"] == pytest.approx(20.0)
    assert rows[1]["score"] == pytest.approx(7 / 1.4826)
    assert rows[1]["change"] == pytest.approx(8.0)
    assert (rows[2]["old_status"], rows[2]["new_status"]) == ("final", "estimated")
    assert (rows[3]["old_status"], rows[3]["new_status"]) == ("confidential", "final")
    assert (rows[4]["old_status"], rows[4]["new_status"]) == ("final", "missing")
    assert set(out["period"]) == {Q}


def test_discussion_candidates_limit_and_deviation_kind() -> None:
    top = discussion_candidates(candidate_obs(), RING, candidate_catalogue(), Q, limit=2)
    assert top.select("ags", "indicator_code").rows() == [("e", "U"), ("e", "V")]
    # Without the year before, U's strongest reason for e is its deviation from the median.
    obs = candidate_obs().filter(pl.col("period") != YEAR)
    first = discussion_candidates(obs, RING, candidate_catalogue(), Q, limit=1).row(0, named=True)
    assert (first["ags"], first["indicator_code"], first["kind"]) == ("e", "U", "deviation")
    assert first["score"] == pytest.approx(7 / 1.4826)
    assert (first["value"], first["median"]) == (10.0, 3.0)


def test_discussion_candidates_only_for_members() -> None:
    out = discussion_candidates(candidate_obs(), pl.DataFrame({"ags": ["a", "b", "c"]}),
                                candidate_catalogue(), Q, limit=50)
    assert out.select("ags", "indicator_code", "kind").rows() == [("b", "W", "status")]


@pytest.mark.parametrize(
    ("row", "text"),
    [
        ({"kind": "deviation", "value": 60.54, "median": 66.5, "unit": "%", "decimals": 1},
         "Wert 60,5 % liegt deutlich unter dem Ringmedian (66,5 %)"),
        ({"kind": "deviation", "value": 1234.4, "median": -2.0, "unit": "Einw./km²", "decimals": 0},
         "Wert 1.234 Einw./km² liegt deutlich über dem Ringmedian (−2 Einw./km²)"),
        ({"kind": "change_previous", "change": 7.84, "unit": "%", "decimals": 1,
          "period": "2024-Q2"},
         "Starke Veränderung zum Vorquartal: +7,8 Prozentpunkte"),
        ({"kind": "change_previous", "change": -3.0, "unit": "%", "decimals": 1,
          "period": "2024-05"},
         "Starke Veränderung zum Vormonat: −3,0 Prozentpunkte"),
        ({"kind": "change_year", "change": -0.04, "unit": "Anzahl", "decimals": 1},
         "Starke Veränderung zum Vorjahr: 0,0"),
        ({"kind": "status", "old_status": "final", "new_status": "estimated"},
         "Status geändert: endgültig → geschätzt"),
        ({"kind": "status", "old_status": "confidential", "new_status": None},
         "Status geändert: geheim → –"),
    ],
)
def test_reason_texts(row: dict, text: str) -> None:
    assert reason_text(row) == text

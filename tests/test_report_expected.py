"""The ring report's expected-value comparison: the same numbers as `compare --expected`, in
HTML and Markdown, judged as in the app, pseudonymised like the rest of the report."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path

import pytest

from store import expected as expected_store
from store.compare.expected import Model
from store.db import open_store
from store.report import ring_report
from store.ring_indicators import set_ring_indicators
from tui import cli
from tui.kit import format as fmt
from tui.kit.texts import cycle as tx
from tui.kit.texts import expected as ex_texts

RING = "Ländliche Optionskommunen West"
AHR = "90501"  # Kreis Ahrwiesen


def compare_json(capsys, db: Path, code: str, period: str) -> dict:
    capsys.readouterr()
    assert cli.main(["compare", "--db", str(db), "--ring", RING, "--indicator", code,
                     "--period", period, "--expected", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def write_report(db: Path, out: Path, period: str, *extra: str) -> str:
    assert cli.main(["report", "--db", str(db), "--ring", RING, "--period", period,
                     "--out", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


def section(page: str, start: str, end: str) -> str:
    part = page[page.index(start):]
    return part[:part.index(end)] if end in part else part


def md_rows(markdown: str, code: str) -> dict[str, list[str]]:
    """The Markdown table of one indicator in the expected section: member → cells."""
    expected = section(markdown, f"## {tx.REPORT_EXPECTED}", f"## {tx.REPORT_NOTES}")
    block = section(expected[expected.index(f"### {code} – ") + 4:], f"{code} – ", "\n### ")
    rows = [line.strip("|").split(" | ") for line in block.splitlines()
            if line.startswith("| ") and not line.startswith("| Kommune |")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


def shown(value: float | None, assessment: str | None, far: bool) -> tuple[str, str]:
    """How the report should show a raw residual: '+1,2 Pp. ▲ ●', and the word."""
    if value is None:
        return "–", "–"
    rounded = round(value, 1) + 0.0
    text = ("+" if rounded > 0 else "") + f"{rounded:.1f}".replace(".", ",") + " Pp."
    text += {"favourable": " ▲", "unfavourable": " ▼"}.get(assessment or "", "")
    text += " ●" if far else ""
    words = {"favourable": "günstiger", "unfavourable": "ungünstiger", "neutral": "ohne Wertung"}
    return text, words.get(assessment or "", "–")


@pytest.mark.parametrize("variables", [None, ["ALQ", "ln(DICHTE)"]])
def test_every_model_equals_compare_expected(sample_db: Path, tmp_path: Path, capsys,
                                             variables) -> None:
    if variables:  # a ring's own model variables hold in the report too
        store = open_store(sample_db)
        expected_store.set_ring_variables(store, 1, variables)
        store.close()
    store = open_store(sample_db, readonly=True)
    try:
        report = ring_report(store, 1, "2026-Q2")
        names = dict(report.members.select("ags", "name").iter_rows())
    finally:
        store.close()
    assert report.variables == tuple(variables or ("ALQ", "SGB2Q", "ln(DICHTE)"))
    assert "K2" in report.expected and "SANQ" in report.expected
    assert "INTN" not in report.expected  # an absolute count only mirrors size
    markdown = write_report(sample_db, tmp_path / "b.md", "2026-Q2")
    for code, part in report.expected.items():
        document = compare_json(capsys, sample_db, code, "2026-Q2")
        model = document["model"]
        assert (model["n"], model["r2"], tuple(model["variables"])) == (
            part.model.n, part.model.r2, part.model.variables)
        assert model["coefficients"] == part.model.coefficients
        ours = {r["ags"]: r for r in part.members.iter_rows(named=True)}
        assert sorted(ours) == sorted(m["ags"] for m in document["members"])
        rows = md_rows(markdown, code)
        for member in document["members"]:
            row = ours[member["ags"]]
            for key in ("value", "expected", "residual", "residual_assessment"):
                assert row[key] == member[key], (code, member["ags"], key)
            # …and the Markdown table shows exactly those numbers.
            cells = rows[names[member["ags"]]]
            assert cells[0] == fmt.number(member["value"], 1) + " %"
            assert cells[1] == fmt.number(member["expected"], 1) + " %"
            residual, word = shown(member["residual"], member["residual_assessment"],
                                   row["far"])
            assert cells[2:] == [residual, word], (code, member["ags"])
        r2 = fmt.number(model["r2"], 2)
        assert f"Modell: n={model['n']} · R² {r2} · {', '.join(model['variables'])}" in markdown


def test_no_model_says_why_as_compare_does(sample_db: Path, tmp_path: Path, capsys) -> None:
    """The quarter being collected: too few values for a model, in both outputs."""
    document = compare_json(capsys, sample_db, "K2", "2026-Q3")
    assert document["model"]["coefficients"] is None
    n = document["model"]["n"]
    refusal = ex_texts.REFUSED["too_few"].format(n=n, needed=12)
    page = write_report(sample_db, tmp_path / "b.html", "2026-Q3")
    part = section(page, f"<h2>{tx.REPORT_EXPECTED}</h2>", f"<h2>{tx.REPORT_NOTES}</h2>")
    # No model anywhere this quarter: one compact table of the reasons, no charts.
    assert 'class="indicator expected"' not in part and "<svg" not in part
    assert f"<tr><td>K2</td><td>Integrationsquote</td><td>{html.escape(refusal)}</td></tr>" in part
    store = open_store(sample_db, readonly=True)
    try:
        expected = ring_report(store, 1, "2026-Q3").expected
    finally:
        store.close()
    assert part.count("<tr><td>") == len(expected) and not any(
        p.model.ok for p in expected.values())
    markdown = write_report(sample_db, tmp_path / "b.md", "2026-Q3")
    assert f"| K2 | Integrationsquote | {refusal} |" in markdown
    assert "### K2 – " not in markdown[markdown.index(f"## {tx.REPORT_EXPECTED}"):]


def test_html_section_has_model_line_chart_table_and_limits(sample_db: Path,
                                                            tmp_path: Path) -> None:
    page = write_report(sample_db, tmp_path / "b.html", "2026-Q2")
    part = section(page, f"<h2>{tx.REPORT_EXPECTED}</h2>", f"<h2>{tx.REPORT_NOTES}</h2>")
    assert "eine Erwartung, kein Ziel. R² sagt" in part  # the fact sheet's limits
    store = open_store(sample_db, readonly=True)
    try:
        report = ring_report(store, 1, "2026-Q2")
    finally:
        store.close()
    fitted = [c for c, p in report.expected.items() if p.model.ok]
    assert fitted == list(report.expected)  # this quarter every model could be fitted
    assert part.count('<section class="indicator expected">') == len(fitted)
    assert part.count("<svg") == len(fitted)  # one residual chart per model
    assert page.count("<svg") == 2 * len(report.indicators) + len(fitted)
    assert tx.REPORT_EXPECTED_COUNTS.format(codes="INTN") in part
    k2 = section(part, "<h3>K2 – ", "</section>")
    num = ' class="num"'
    headers = "".join(f"<th{num if 0 < i < 4 else ''}>{h}</th>"
                      for i, h in enumerate(tx.REPORT_EXPECTED_HEADERS))
    assert headers in k2
    assert len(re.findall(r"<tr>|<tr class=\"own\">", k2)) == report.members.height + 1
    # The residual chart is centred on zero: the zero line in the middle of the 400 px axis.
    assert '<line x1="200.0" y1="4" x2="200.0"' in k2
    assert '<text x="200.0" y="60" text-anchor="middle"' in k2  # the zero, labelled
    assert k2.count("<circle") == report.expected["K2"].members["residual"].drop_nulls().len()
    # A neutral indicator is never judged: no arrows, only "ohne Wertung".
    sanq = section(part, "<h3>SANQ – ", "</section>")
    assert "▲" not in sanq and "▼" not in sanq and "ohne Wertung</td>" in sanq
    assert "günstiger</td>" not in sanq


def test_pseudonymised_section_names_only_the_own_member(sample_db: Path, tmp_path: Path) -> None:
    store = open_store(sample_db, readonly=True)
    try:
        names = ring_report(store, 1, "2026-Q2").members["name"].to_list()
    finally:
        store.close()
    for suffix in ("html", "md"):
        page = write_report(sample_db, tmp_path / f"a.{suffix}", "2026-Q2", "--pseudonymise",
                            "--own", AHR)
        part = page[page.index(tx.REPORT_EXPECTED):]
        assert [n for n in names if n in part] == ["Kreis Ahrwiesen"]
        assert len(set(re.findall(r"Kommune [A-Z]{1,2}\b", part))) == len(names) - 1
    assert '<tr class="own"><td>Kreis Ahrwiesen</td>' in section(
        (tmp_path / "a.html").read_text(encoding="utf-8"), "<h2>Erwartungswerte", "</body>")


def test_ring_without_a_modelled_indicator_says_so(sample_db: Path, tmp_path: Path) -> None:
    store = open_store(sample_db)
    try:
        set_ring_indicators(store, 1, ["INTN"])  # an absolute count: no expectation
    finally:
        store.close()
    page = write_report(sample_db, tmp_path / "b.html", "2026-Q2")
    assert html.escape(tx.REPORT_EXPECTED_NONE) in page
    assert 'class="indicator expected"' not in page
    assert tx.REPORT_EXPECTED_NONE in write_report(sample_db, tmp_path / "b.md", "2026-Q2")


def test_context_age_shows_as_in_compare(sample_db: Path, tmp_path: Path, capsys) -> None:
    """Without this quarter's unemployment rate the model uses last quarter's, and says so."""
    with sqlite3.connect(sample_db) as conn:
        conn.execute("DELETE FROM observations WHERE indicator_code = 'ALQ'"
                     " AND period = '2026-Q2'")
    document = compare_json(capsys, sample_db, "K2", "2026-Q2")
    model = Model(tuple(document["model"]["variables"]), document["model"]["n"], 12,
                  document["model"]["r2"])
    line = ex_texts.model_line(model, document["model_context"])
    assert "ALQ Q1/2026 (bis 3 Mon. alt)" in line
    markdown = write_report(sample_db, tmp_path / "b.md", "2026-Q2")
    assert line in section(markdown, "### K2 – ", "\n### ")

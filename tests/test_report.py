"""`ringvergleich report`: one self-contained HTML page (or Markdown), escaped, pseudonymised."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from store import analysis
from store.db import open_store
from store.ring_indicators import ring_indicators
from tui import cli

RING = "Ländliche Optionskommunen West"
AHR = "90501"  # Kreis Ahrwiesen


def report(db: Path, out: Path, *extra: str) -> int:
    return cli.main(["report", "--db", str(db), "--ring", RING, "--period", "2026-Q2",
                     "--out", str(out), *extra])


def member_names(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(
            "SELECT mu.name FROM ring_members m JOIN municipalities mu ON mu.ags = m.ags"
            " WHERE m.ring_id = 1 AND m.until IS NULL")]


def test_html_report_is_self_contained_and_complete(sample_db: Path, tmp_path: Path,
                                                    capsys) -> None:
    out = tmp_path / "bericht.html"
    assert report(sample_db, out) == 0
    assert "Bericht geschrieben" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    # Nothing fetched from anywhere: no scripts, links, images, imports or URLs to load.
    for forbidden in ("<script", "<link", "<img", "src=", "href=", "@import", "url("):
        assert forbidden not in page
    assert set(re.findall(r"https?://[^\s\"']+", page)) <= {"http://www.w3.org/2000/svg"}
    assert "@page { size: A4" in page
    store = open_store(sample_db, readonly=True)
    try:
        listed = ring_indicators(store, 1)["code"].to_list()
        dist, _positions = analysis.ring_snapshot(store, 1, "K2", "2026-Q2")
    finally:
        store.close()
    assert page.count('<section class="indicator">') == len(listed)
    charts = page[:page.index("<h2>Erwartungswerte</h2>")]  # expected values: their own test
    assert charts.count("<svg") == 2 * len(listed)
    k2 = page[page.index("<h3>K2 – "):]
    k2 = k2[:k2.index("</section>")]
    median = f"{dist['median']:.1f}".replace(".", ",") + " %"
    assert f"<td class=\"num\">{median}</td>" in k2
    assert all(name in k2 for name in member_names(sample_db))
    assert "Rahmenbedingungen" in page and "(EW)" in page and "Erwartungswerte" in page
    assert "Neuer Arbeitgeberservice" not in page  # a note of 2025-Q3, not of this quarter
    assert "Rang" not in page.replace("keine Rangliste", "")


def test_pseudonymised_report_names_only_the_own_member(sample_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("INSERT INTO annotations(ags, indicator_code, period, text, created_at)"
                     " VALUES ('90502', 'K2', '2026-Q2', 'Wie Kreis Brunnstedt schon sagte',"
                     " '2026-10-01')")
    for suffix in ("html", "md"):
        out = tmp_path / f"anonym.{suffix}"
        assert report(sample_db, out, "--pseudonymise", "--own", AHR) == 0
        page = out.read_text(encoding="utf-8")
        names = member_names(sample_db)
        assert "Kreis Ahrwiesen" in page
        assert [n for n in names if n in page] == ["Kreis Ahrwiesen"]
        assert "Kommune A" in page or "Kommune B" in page
        assert "Wie Kommune" in page  # the name inside the note was replaced too
        assert "(EW)" not in page and "(ALQ)" in page  # population would give a member away
        # So would density and counts. (The expected-value intro names the model variable
        # ln(DICHTE): a variable's name, no member's figure.)
        assert "(DICHTE)" not in page.replace("ln(DICHTE)", "") and "(ELB)" not in page


def test_data_text_is_escaped(sample_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(sample_db) as conn:
        conn.execute("UPDATE municipalities SET name = '<script>alert(1)</script> | x'"
                     " WHERE ags = ?", (AHR,))
        conn.execute("INSERT INTO annotations(ags, indicator_code, period, text, created_at)"
                     " VALUES (?, 'K2', '2026-Q2', '<img src=x onerror=alert(2)>', '2026-10-01')",
                     (AHR,))
    html_out, md_out = tmp_path / "b.html", tmp_path / "b.md"
    assert report(sample_db, html_out) == 0 and report(sample_db, md_out) == 0
    page = html_out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = md_out.read_text(encoding="utf-8")
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| x" in markdown


def test_existing_file_is_kept_without_force(sample_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "bericht.html"
    out.write_text("meins", encoding="utf-8")
    assert report(sample_db, out) == 1
    assert "--force" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "meins"
    assert report(sample_db, out, "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args", [["--own", "00000"], ["--period", "Sommer"],
                                  ["--period", "2010-Q1"]])  # no members yet
def test_bad_arguments_are_refused(sample_db: Path, tmp_path: Path, args, capsys) -> None:
    base = ["report", "--db", str(sample_db), "--ring", RING, "--period", "2026-Q2",
            "--out", str(tmp_path / "x.html")]
    if args[0] == "--period":
        base[base.index("--period") + 1] = args[1]
    else:
        base += args
    assert cli.main(base) == 1
    assert not (tmp_path / "x.html").exists()


def test_indicators_without_values_are_named_once(sample_db: Path, tmp_path: Path) -> None:
    """In the quarter being collected, indicators nobody has a figure for yet get one line,
    not empty charts and a column of dashes each; the delivered ones keep their section."""
    store = open_store(sample_db, readonly=True)
    try:
        listed = ring_indicators(store, 1)["code"].to_list()
        counts = {code: analysis.ring_snapshot(store, 1, code, "2026-Q3")[0]["n"]
                  for code in listed}
    finally:
        store.close()
    empty = [code for code in listed if not counts[code]]
    assert empty and len(empty) < len(listed)  # the sample's quarter in mid-collection
    for suffix in ("html", "md"):
        out = tmp_path / f"q3.{suffix}"
        assert cli.main(["report", "--db", str(sample_db), "--ring", RING, "--period", "2026-Q3",
                         "--out", str(out)]) == 0
        page = out.read_text(encoding="utf-8")
        assert f"Ohne Werte in diesem Quartal (noch nicht geliefert oder noch nicht " \
               f"veröffentlicht): {', '.join(empty)}." in page
        if suffix == "html":
            assert page.count('<section class="indicator">') == len(listed) - len(empty)
            assert all(f"<h3>{code} – " not in page for code in empty)
        else:
            assert all(f"## {code} – " not in page for code in empty)

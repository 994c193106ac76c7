"""`ringvergleich agenda`: agenda and minutes as Markdown and HTML, data text escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from store import meetings as mt
from store import meetings_actions as ma
from store import meetings_figures as mf
from store.db import open_store
from tui import cli

NASTY = "<script>alert(1)</script> | **fett** [Link](http://x.example) &amp; \x1b[31mrot"
NASTY_SHOWN = "<script>alert(1)</script> | **fett** [Link](http://x.example) &amp; rot"


class TextAndTags(HTMLParser):
    """Tags, text and the cell count of every table row of an HTML text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""
        self.row_cells: list[int] = []
        self.strong: list[str] = []
        self._in_strong = False

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.row_cells.append(0)
        elif tag in ("td", "th"):
            self.row_cells[-1] += 1
        elif tag == "strong":
            self._in_strong = True
            self.strong.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "strong":
            self._in_strong = False

    def handle_data(self, data) -> None:
        self.text += data
        if self._in_strong:
            self.strong[-1] += data


def parse(html: str) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(html)
    return parser


@pytest.fixture
def nasty_meeting(sample_db: Path) -> int:
    store = open_store(sample_db)
    meeting_id = mt.create_meeting(store, 1, "Treffen <b>&</b>", period="2026-Q2",
                                   held_on="2027-02-01", place="Saal | 1")
    item_id = mt.add_item(store, meeting_id, "# Überschrift? " + NASTY, indicator_code="K2")
    mt.update_item(store, item_id, 1, notes="- keine Liste\n1. keine Nummer\n" + NASTY,
                   decisions="> kein Zitat", status="discussed")
    ma.add_action(store, meeting_id, NASTY, owner="Kreis | Ahrwiesen", due_on="2027-03-01",
                  agenda_item_id=item_id)
    mf.mark_held(store, meeting_id, mt.get_meeting(store, meeting_id).version)
    store.close()
    return meeting_id


def test_minutes_markdown_shows_data_text_literally(sample_db: Path, nasty_meeting: int,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "protokoll.md"
    assert cli.main(["agenda", str(nasty_meeting), "--db", str(sample_db), "--minutes",
                     "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text
    rendered = parse(MarkdownIt("commonmark").enable("table").render(text))
    assert not {"script", "a", "ul", "ol", "blockquote", "b"} & set(rendered.tags)
    assert rendered.tags.count("h1") == 1 and rendered.tags.count("table") >= 2
    shown = rendered.text
    assert NASTY_SHOWN in shown
    assert "- keine Liste" in shown and "1. keine Nummer" in shown and "> kein Zitat" in shown
    assert "Kreis | Ahrwiesen" in shown and "Saal | 1" in shown
    # Bold appears only where the document itself puts field labels.
    assert rendered.strong and all(label.endswith(":") for label in rendered.strong)
    # Pipes in data text do not split cells: figure rows have 6 cells (with the expected
    # value), action rows 4.
    assert set(rendered.row_cells) == {4, 6}


def test_minutes_html_escapes_everything(sample_db: Path, nasty_meeting: int,
                                         tmp_path: Path) -> None:
    out = tmp_path / "protokoll.html"
    assert cli.main(["agenda", str(nasty_meeting), "--db", str(sample_db), "--format", "html",
                     "--minutes", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    tags = parse(page)
    assert "script" not in tags.tags and "b" not in tags.tags and "a" not in tags.tags
    assert NASTY_SHOWN in tags.text and "Treffen <b>&</b>" in tags.text
    assert "Zahlen wie besprochen: Integrationsquote" in tags.text
    assert tags.tags.count("table") >= 2  # figures, action items


def test_agenda_and_minutes_of_a_held_sample_meeting(sample_db: Path, capsys) -> None:
    assert cli.main(["agenda", "3", "--db", str(sample_db)]) == 0
    agenda = capsys.readouterr().out
    assert agenda.startswith("# Tagesordnung: Ringtreffen Q1/2026\n")
    store = open_store(sample_db, readonly=True)
    items = mt.agenda_items(store, 3)
    for item in items:
        assert f"### TOP {item.position}: {item.title}" in agenda.replace("\\", "")
    assert "Notizen" not in agenda and "Zahlen wie besprochen" not in agenda

    assert cli.main(["agenda", "2", "--db", str(sample_db), "--minutes"]) == 0
    minutes = capsys.readouterr().out
    for item in mt.agenda_items(store, 2):
        assert f"## TOP {item.position}: {item.title}" in minutes
        if item.notes:
            assert item.notes in minutes
    # Meeting 1's action item, done on 28.12.2025 after that meeting: reported here.
    done = minutes.split("## Seit dem letzten Treffen erledigt")[1].split("##")[0]
    assert "Ringtreffen Q3/2025" in done and "28.12.2025" in done
    # The K3E2 correction after the meeting shows as old → new.
    changes = mf.figure_changes(store, 2)
    assert changes.height == 3
    section = minutes.split("## Seit dem Treffen geänderte Zahlen")[1]
    for row in changes.iter_rows(named=True):
        assert row["name"] in section
        old = f"{row['old_value']:.1f}".replace(".", ",")
        new = f"{row['new_value']:.1f}".replace(".", ",")
        assert f"{old} % (endgültig) | {new} % (revidiert)" in section
    store.close()


def test_unknown_meeting_and_default_database(sample_db: Path, capsys) -> None:
    assert cli.main(["agenda", "999", "--db", str(sample_db)]) == 1
    assert "999" in capsys.readouterr().err
    assert cli.main(["agenda", "1", "--db", str(sample_db), "--out",
                     str(sample_db.parent / "fehlt" / "x.md")]) == 1
    assert "Export fehlgeschlagen" in capsys.readouterr().err
    # Without --db the working copy of the demo data is used (made on first use).
    assert cli.main(["agenda", "1", "--format", "html"]) == 0
    assert "Ringtreffen Q3/2025" in capsys.readouterr().out


def test_export_names_never_replace_an_earlier_file(sample_db: Path, tmp_path: Path) -> None:
    from datetime import datetime

    from tui.kit.minutes import default_name, export_path, write_document

    store = open_store(sample_db)
    q2 = mt.get_meeting(store, 4)
    other = mt.get_meeting(store, mt.create_meeting(store, 2, q2.title, period=q2.period))
    at = datetime(2026, 11, 27, 9, 5, 3)
    assert default_name(q2, "Ländliche Optionskommunen West", True, "html", at) == (
        "Ländliche-Optionskommunen-West-Ringtreffen-Q2-2026-protokoll-20261127-090503.html")
    assert default_name(other, "Großstädte", True, "html", at) == (
        "Großstädte-Ringtreffen-Q2-2026-protokoll-20261127-090503.html")
    assert default_name(q2, None, False, "md", at) == (
        "Ringtreffen-Q2-2026-tagesordnung-20261127-090503.md")
    written = []
    for _ in range(3):  # three exports within one second
        path = export_path(tmp_path, q2, "Ring", False, "md", at)
        written.append(write_document(store, q2.id, False, "md", path).name)
    assert written == ["Ring-Ringtreffen-Q2-2026-tagesordnung-20261127-090503.md",
                       "Ring-Ringtreffen-Q2-2026-tagesordnung-20261127-090503-2.md",
                       "Ring-Ringtreffen-Q2-2026-tagesordnung-20261127-090503-3.md"]
    store.close()

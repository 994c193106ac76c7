"""Commands that write files: never over an existing file without --force, never over a
database; `backup` makes a consistent copy; `import --undo` puts replaced figures back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.db import open_store
from tests.importers.conftest import sample_key
from tui import cli
from tui.kit.export import write_export


def digest(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_agenda_out_never_overwrites_the_database(sample_db: Path, capsys) -> None:
    before = digest(sample_db)
    for extra in ([], ["--force"]):
        code = cli.main(["agenda", "1", "--db", str(sample_db), "--out", str(sample_db), *extra])
        assert code == 2
        assert "ist eine Datenbank und wird nie überschrieben" in capsys.readouterr().err
    assert digest(sample_db) == before


def test_agenda_out_never_overwrites_another_database(sample_db: Path, empty_db: Path,
                                                      capsys) -> None:
    before = digest(empty_db)
    assert cli.main(["agenda", "1", "--db", str(sample_db), "--out", str(empty_db),
                     "--force"]) == 2
    assert digest(empty_db) == before


def test_agenda_out_replaces_a_file_only_with_force(sample_db: Path, tmp_path: Path,
                                                    capsys) -> None:
    target = tmp_path / "agenda.md"
    target.write_text("meine Notizen", encoding="utf-8")
    assert cli.main(["agenda", "1", "--db", str(sample_db), "--out", str(target)]) == 2
    assert "gibt es schon; --force ersetzt die Datei" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "meine Notizen"
    assert cli.main(["agenda", "1", "--db", str(sample_db), "--out", str(target),
                     "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Tagesordnung")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_two_exports_in_one_second_never_replace_each_other(tmp_path: Path) -> None:
    import polars as pl

    frame = pl.DataFrame({"Kommune": ["A"], "Wert": [1.5]})
    paths = {write_export(frame, "csv", "Ansicht", tmp_path) for _ in range(3)}
    assert len(paths) == 3


def test_backup_command(sample_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "sicherung.db"
    assert cli.main(["backup", str(sample_db), str(out)]) == 0
    assert "Sicherung von" in capsys.readouterr().out
    copy = open_store(out, readonly=True)
    original = open_store(sample_db, readonly=True)
    try:
        query = "SELECT count(*) AS n FROM observations"
        assert copy._rows(query) == original._rows(query)
    finally:
        copy.close()
        original.close()
    before = digest(out)
    assert cli.main(["backup", str(sample_db), str(out)]) == 2  # exists: --force needed
    assert digest(out) == before
    assert cli.main(["backup", str(sample_db), str(out), "--force"]) == 0
    assert cli.main(["backup", str(sample_db), str(sample_db), "--force"]) == 2


def test_import_undo_from_the_command_line(sample_db: Path, tmp_path: Path, capsys) -> None:
    ahr = sample_key("Kreis Ahrwiesen")
    query = ("SELECT value FROM observations WHERE ags = ? AND indicator_code = 'K2'"
             " AND period = '2026-Q2'")
    with sqlite3.connect(sample_db) as conn:
        old = conn.execute(query, (ahr,)).fetchone()[0]
    conn.close()
    path = tmp_path / "korrektur.csv"
    path.write_text(f"AGS;Quartal;K2\n{ahr};2026-Q2;77,7\n", encoding="utf-8")
    assert cli.main(["import", str(path), "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    number = int(out.split("Import Nr. ")[1].split()[0])
    assert f"ringvergleich import --undo {number}" in out
    assert cli.main(["import", "--undo", str(number), "--db", str(sample_db)]) == 0
    assert "1 Werte wiederhergestellt" in capsys.readouterr().out
    with sqlite3.connect(sample_db) as conn:
        assert conn.execute(query, (ahr,)).fetchone()[0] == old
    conn.close()
    assert cli.main(["import", "--undo", str(number), "--db", str(sample_db)]) == 1
    assert "bereits rückgängig" in capsys.readouterr().err
    assert cli.main(["import", "--undo", "999", "--db", str(sample_db)]) == 1
    assert cli.main(["import", "--db", str(sample_db)]) == 2


def test_sample_force_replaces_only_a_demo_database(sample_db: Path, empty_db: Path,
                                                    tmp_path: Path, capsys) -> None:
    before = digest(empty_db)  # a real (not synthetic) database
    assert cli.main(["sample", str(empty_db), "--force"]) == 1
    assert "wird nie überschrieben" in capsys.readouterr().err
    assert digest(empty_db) == before
    assert cli.main(["sample", str(sample_db)]) == 1  # a demo database: only with --force
    assert cli.main(["sample", str(sample_db), "--force"]) == 0
    text = tmp_path / "notiz.txt"
    text.write_text("x", encoding="utf-8")
    assert cli.main(["sample", str(text)]) == 1
    assert text.read_text(encoding="utf-8") == "x"


def test_first_start_on_a_full_disk_leaves_no_truncated_copy(tmp_path: Path, monkeypatch,
                                                             capsys) -> None:
    import errno
    import shutil

    def half_then_full(source, target, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        Path(target).write_bytes(Path(source).read_bytes()[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", half_then_full)
    assert cli.main(["compare", "--ring-id", "1", "--indicator", "K2"]) == 2
    assert "Arbeitskopie der Beispieldaten konnte nicht angelegt werden" in capsys.readouterr().err
    assert list((tmp_path / "data").iterdir()) == []  # neither the copy nor a partial one
    assert cli.main([]) == 2

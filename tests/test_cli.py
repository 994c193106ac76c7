"""The command line: sample, init, and the working copy of the demo data."""

from __future__ import annotations

from pathlib import Path

from store.db import open_store
from tests.conftest import SAMPLE
from tui import cli


def test_sample_command_writes_database(tmp_path: Path, capsys) -> None:
    out = tmp_path / "demo.db"
    assert cli.main(["sample", str(out)]) == 0
    store = open_store(out, readonly=True)
    assert store.is_synthetic
    store.close()
    assert cli.main(["sample", str(out)]) == 1  # refuses to overwrite
    assert "--force" in capsys.readouterr().err


def test_init_command_creates_empty_database(tmp_path: Path) -> None:
    out = tmp_path / "new.db"
    assert cli.main(["init", str(out)]) == 0
    store = open_store(out)
    assert store._rows("SELECT count(*) AS n FROM rings")[0]["n"] == 0
    assert store._rows("SELECT count(*) AS n FROM indicators")[0]["n"] >= 20
    store.close()
    assert cli.main(["init", str(out)]) == 1


def test_default_database_is_a_copy_of_the_committed_sample(tmp_path: Path) -> None:
    before = SAMPLE.read_bytes()
    path, note = cli.sample_working_copy()
    assert path == tmp_path / "data" / "sample.db"
    assert note is not None and str(path) in note
    assert path.read_bytes() == before
    store = open_store(path)  # opening writable migrates/sets WAL on the copy only
    store.close()
    assert SAMPLE.read_bytes() == before
    again, note = cli.sample_working_copy()
    assert again == path and note is None


def test_unknown_theme_is_refused(capsys) -> None:
    assert cli.main(["--theme", "no-such-theme"]) == 2
    assert "Unbekanntes Farbschema" in capsys.readouterr().err

"""The command line: sample, init, and the working copy of the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import open_store
from tests.conftest import SAMPLE
from tui import cli
from tui.kit import locations


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
    path, note = locations.sample_working_copy()
    assert path == tmp_path / "data" / "sample.db"
    assert note is not None and str(path) in note
    assert path.read_bytes() == before
    store = open_store(path)  # opening writable migrates/sets WAL on the copy only
    store.close()
    assert SAMPLE.read_bytes() == before
    again, note = locations.sample_working_copy()
    assert again == path and note is None


def test_unknown_theme_is_refused(capsys) -> None:
    assert cli.main(["--theme", "no-such-theme"]) == 2
    assert "Unbekanntes Farbschema" in capsys.readouterr().err


def test_team_database_from_the_environment_or_a_config_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    team = tmp_path / "team" / "team.db"
    team.parent.mkdir()
    assert cli.main(["init", str(team)]) == 0
    capsys.readouterr()
    # Without settings: the demo data.
    path, note, problem = locations.default_database()
    assert path == tmp_path / "data" / "sample.db" and problem is None
    # A config file (relative paths from its folder) …
    config = tmp_path / "config.toml"
    config.write_text('db = "team/team.db"\n', encoding="utf-8")
    monkeypatch.setenv("RINGVERGLEICH_CONFIG", str(config))
    assert locations.default_database() == (team, None, None)
    # … and the environment before it.
    other = tmp_path / "other.db"
    monkeypatch.setenv("RINGVERGLEICH_DB", str(other))
    assert locations.default_database()[0] == other
    monkeypatch.delenv("RINGVERGLEICH_DB")
    # Commands use it too: compare without --db reads the team's database.
    code = cli.main(["compare", "--ring-id", "1", "--indicator", "K2"])
    assert code == 1 and "Ring Nr. 1 gibt es nicht" in capsys.readouterr().err  # empty db
    for bad, word in (('db = 3\n', "muss db ein Dateipfad sein"), ("db = [\n", "nicht lesbar")):
        config.write_text(bad, encoding="utf-8")
        path, _note, problem = locations.default_database()
        assert path is None and word in problem
        assert cli.main(["compare", "--ring-id", "1", "--indicator", "K2"]) == 2
        assert word in capsys.readouterr().err

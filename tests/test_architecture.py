"""The house's layering, checked: import-linter's contracts in pyproject.toml must all hold."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    result = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert result == 0, report
    assert "BROKEN" not in report and "KEPT" in report


def test_a_broken_layer_is_seen(tmp_path: Path) -> None:
    """The check can fail: an upward import in a copy of the store breaks the layers."""
    for package in ("tui", "screens", "importers", "store", "tests"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "fixtures"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "store" / "periods.py").open("a", encoding="utf-8") as out:
        out.write("\nfrom tui.kit import format  # noqa\n")
    # A child process, so the copy (not the packages this test run imported) is analysed.
    done = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0, done.stdout
    assert "store is not allowed to import tui" in done.stdout
    assert "store.periods -> tui.kit.format" in done.stdout


SQL = re.compile(r"""["'](\s*)(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|WITH)\s""",
                 re.IGNORECASE)
STORE_INTERNALS = re.compile(r"\.(_rows|_frame|_execute|conn)\b|\bimport sqlite_utils\b")


@pytest.mark.parametrize("package", ["tui", "screens", "importers"])
def test_no_sql_outside_the_store(package: str) -> None:
    """Every SQL statement lives in store/; the other layers call its named functions."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SQL.search(line) or STORE_INTERNALS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []

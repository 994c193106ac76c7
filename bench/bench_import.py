"""Benchmark: import one million long-format figure rows through the CLI, as a user runs it,
into a database that already holds a million figures; compared pair by pair with SQLite's own
`.import` of the same file into a table keyed like `observations`.

Targets (issue 9): the CLI takes at most twice as long as the raw `.import` (median of the
pairwise ratios), and its peak memory stays at or below 300 MiB. Everything is generated on
the fly in a temporary directory and deleted afterwards; the machine's load average is
printed too, since other processes on a shared machine slow every run down.
Needs the `sqlite3` command-line shell for the baseline. With --same-table it also times the
shell putting the same figures straight into the populated `observations` (values already as
numbers, statuses as codes): the same job without any checking, for comparison only.
Run: python bench/bench_import.py [--rows N] [--repeat K] [--same-table]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MUNICIPALITIES = 400
CLI = [sys.executable, "-c", "from tui.cli import main; main()"]


def make_master(folder: Path) -> tuple[Path, list[str]]:
    keys = [f"{9_000 + i:05d}" for i in range(MUNICIPALITIES)]
    master = folder / "kommunen.csv"
    master.write_text(
        "AGS;Name;Träger\n"
        + "".join(f"{k};Kreis Bench {k};{'zkT' if i % 3 else 'gE'}\n" for i, k in enumerate(keys)),
        encoding="utf-8",
    )
    return master, keys


def make_figures(path: Path, keys: list[str], codes: list[str], rows: int, first_year: int) -> None:
    """Figures as BA downloads look: `;`, decimal comma, title and footnote lines, a few
    official symbols and provisional marks; months from January of `first_year` on."""
    import polars as pl

    months = -(-rows // (len(keys) * len(codes)))
    periods = [f"{first_year + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    grid = (
        pl.DataFrame({"AGS": keys})
        .join(pl.DataFrame({"Kennzahl": codes}), how="cross")
        .join(pl.DataFrame({"Monat": periods}), how="cross")
        .head(rows)
    )
    n = pl.int_range(pl.len())
    value = ((n * 7919 + first_year) % 4_900).cast(pl.Float64) / 100  # plausible everywhere
    text = value.cast(pl.String).str.replace(".", ",", literal=True)
    grid = grid.with_columns(
        Wert=pl.when(n % 997 == 0).then(pl.lit("–"))
        .when(n % 1_009 == 0).then(pl.lit("."))
        .when(n % 101 == 0).then(text + " p")
        .otherwise(text)
    )
    with path.open("w", encoding="utf-8") as out:
        out.write("Kennzahlen nach § 48a SGB II – Benchmark\nStand: Juli 2026\n\n")
        grid.write_csv(out, separator=";")
        out.write("\nQuelle: synthetisch erzeugt\n")


def prepare(folder: Path, rows: int, same_table: bool) -> None:
    """The files and the database holding a million figures. Run in a process of its own:
    a child forked from a large parent would count the parent's memory as its own peak."""
    import polars as pl

    from importers.pipeline import check, load, write
    from store.db import create_database
    from store.imports import indicators

    store = create_database(folder / "base.db")
    codes = indicators(store)["code"].to_list()
    master, keys = make_master(folder)
    make_figures(folder / "bisher.csv", keys, codes, rows, first_year=1990)
    make_figures(folder / "kennzahlen.csv", keys, codes, rows, first_year=2005)
    for path in (master, folder / "bisher.csv"):
        prepared = check(load(path), store)
        assert prepared.ok, prepared.problems[:3]
        write(store, prepared)
    if not same_table:
        store.close()
        return
    # The same figures as the table holds them, for --same-table.
    new = check(load(folder / "kennzahlen.csv"), store)
    store.close()
    assert new.ok, new.problems[:3]
    new.records.select("ags", "indicator_code", "period", "value", "numerator", "denominator",
                       "status").with_columns(import_id=pl.lit(None, pl.Int64)).write_csv(
        folder / "plain.csv", separator=";", include_header=False)


def fresh_copy(base: Path, work: Path) -> Path:
    """A copy of the base database, without a journal left over from an earlier run."""
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, work)
    return work


def timed(command: list[str], must_succeed: bool = True) -> tuple[float, int]:
    """(wall seconds, peak resident memory in bytes) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0 and must_succeed:
        sys.exit(f"{command[0]} failed ({proc.returncode}): {err[-500:]}")
    return wall, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_008_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--same-table", action="store_true",
                        help="also time sqlite3 .import straight into observations")
    parser.add_argument("--prepare", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(Path(args.prepare), args.rows, args.same_table)
        return
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        sys.exit("the sqlite3 command-line shell is needed for the baseline (apt install sqlite3)")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, __file__, "--prepare", tmp, "--rows", str(args.rows),
                        *(["--same-table"] if args.same_table else [])],
                       check=True)
        base, figures = folder / "base.db", folder / "kennzahlen.csv"
        skip = 4  # title lines, blank line and header above the data
        ours, raw, ratios, peaks, same = [], [], [], [], []
        for attempt in range(1, args.repeat + 1):
            work = fresh_copy(base, folder / "work.db")
            wall, peak = timed([*CLI, "import", str(figures), "--db", str(work), "-q"])
            fresh_copy(base, work)
            raw_wall, _ = timed([
                sqlite, str(work),
                "CREATE TABLE raw(ags TEXT NOT NULL, indicator_code TEXT NOT NULL,"
                " period TEXT NOT NULL, value TEXT,"
                " PRIMARY KEY (ags, indicator_code, period)) WITHOUT ROWID",
                ".mode csv", ".separator ;", f".import --skip {skip} {figures} raw",
            ], must_succeed=False)  # the shell complains about the two footer lines
            check_rows = subprocess.run([sqlite, str(work), "SELECT count(*) FROM raw"],
                                        capture_output=True, text=True, check=True)
            assert int(check_rows.stdout) == args.rows, check_rows.stdout
            if args.same_table:
                fresh_copy(base, work)
                same_wall, _ = timed([sqlite, str(work), "PRAGMA foreign_keys = OFF",
                                      "PRAGMA ignore_check_constraints = ON", ".mode csv",
                                      ".separator ;", f".import {folder / 'plain.csv'} observations"])
                same.append(same_wall)
                print(f"       sqlite3 .import into observations {same_wall:.2f} s")
            ours.append(wall)
            raw.append(raw_wall)
            ratios.append(wall / raw_wall)
            peaks.append(peak)
            print(f"run {attempt}: ringvergleich import {wall:.2f} s, peak {peak / 2**20:.0f} MiB;"
                  f" sqlite3 .import {raw_wall:.2f} s; ratio {wall / raw_wall:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"median: ringvergleich import {statistics.median(ours):.2f} s"
          f" ({args.rows / statistics.median(ours):,.0f} rows/s),"
          f" sqlite3 .import {statistics.median(raw):.2f} s,"
          f" ratio {statistics.median(ratios):.2f} (target <= 2),"
          f" peak {statistics.median(peaks) / 2**20:.0f} MiB (target <= 300)")
    if same:
        print(f"same job by the shell (into the populated observations): median"
              f" {statistics.median(same):.2f} s; ringvergleich import takes"
              f" {statistics.median(ours) / statistics.median(same):.2f} times as long")


if __name__ == "__main__":
    main()

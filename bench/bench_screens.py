"""Benchmark: app start and screen changes on a national-scale database, timed through Pilot.

Targets (issue 5): start to first screen < 1.5 s; any period step or screen change < 150 ms.
Each step reports two figures: "pilot" is the whole Pilot round trip (press, wait for the
worker, two idle pauses), which includes Pilot's own waiting; "shown" is from the key press
to the first screen refresh after the loaded data was drawn (`painted_at`, recorded by this
script around DataScreen.load, so the app carries no benchmark hook), i.e.
what a user waits for. Only the screen's main load counts for "shown": a load of another
group reads what is not drawn (the ring's full list of quarters, read after its matrix
is on screen); the pilot figure waits for it too. A "baseline" row presses an unbound key
for Pilot's own overhead. Each of the runs opens a new app; the app closed before it is
collected between runs (a user has one app per process).
Run: python bench/bench_screens.py [--keep DIR]; the machine has two cores, so run it
twice and note the load average."""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national_db import build  # noqa: E402
from screens.home import HomeScreen  # noqa: E402
from screens.indicator import IndicatorScreen  # noqa: E402
from screens.municipality import MunicipalityScreen  # noqa: E402
from screens.ring import RingScreen  # noqa: E402
from tui.app import RingvergleichApp  # noqa: E402
from tui.kit.base import DataScreen  # noqa: E402

REPEAT = 9


def record_painting() -> None:
    """Note on each data screen when its latest loaded data was first on screen."""
    load = DataScreen.load

    def timed_load(screen, fetch, show, group: str = "load") -> None:
        def show_and_note(result) -> None:
            show(result)
            screen.call_after_refresh(lambda: setattr(screen, "painted_at", time.perf_counter()))

        # Other groups read what is not drawn (the ring's full list of quarters to step
        # through, read once its matrix is up): the pilot figure still waits for them.
        load(screen, fetch, show_and_note if group == "load" else show, group)

    DataScreen.load = timed_load  # type: ignore[method-assign]


async def settled(pilot) -> None:
    """Until every background load is done and its result is on screen."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def timed(pilot, keys: tuple[str, ...], expect: type) -> tuple[float, float | None]:
    """(pilot round trip, key → loaded data on screen) in seconds."""
    before = pilot.app.screen
    started = time.perf_counter()
    await pilot.press(*keys)
    await settled(pilot)
    elapsed = time.perf_counter() - started
    screen = pilot.app.screen
    assert isinstance(screen, expect), screen
    painted = getattr(screen, "painted_at", None)
    loaded = screen is not before or keys[-1] != "escape"
    shown = painted - started if painted is not None and painted > started and loaded else None
    return elapsed, shown


STEPS = ("start to home screen", "baseline: unbound key", "home → ring (matrix)",
         "ring: period step [", "ring → indicator", "indicator: period step [",
         "indicator: reference group g", "indicator → profile", "profile → back (Escape)")


async def measure(db: Path) -> dict[str, tuple[list[float], list[float]]]:
    results: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in STEPS}

    def add(step: str, figures: tuple[float, float | None]) -> None:
        results[step][0].append(figures[0])
        if figures[1] is not None:
            results[step][1].append(figures[1])

    for _ in range(REPEAT):
        started = time.perf_counter()
        app = RingvergleichApp(db)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            assert isinstance(app.screen, HomeScreen)
            results["start to home screen"][0].append(time.perf_counter() - started)
            add("baseline: unbound key", await timed(pilot, ("z",), HomeScreen))
            add("home → ring (matrix)", await timed(pilot, ("enter",), RingScreen))
            add("ring: period step [", await timed(pilot, ("left_square_bracket",), RingScreen))
            for _ in range(5):
                await pilot.press("right")
            add("ring → indicator", await timed(pilot, ("enter",), IndicatorScreen))
            add("indicator: period step [",
                await timed(pilot, ("left_square_bracket",), IndicatorScreen))
            add("indicator: reference group g", await timed(pilot, ("g",), IndicatorScreen))
            add("indicator → profile", await timed(pilot, ("enter",), MunicipalityScreen))
            add("profile → back (Escape)", await timed(pilot, ("escape",), IndicatorScreen))
        # A user runs one app per process: the app just closed is no garbage of the next
        # run (collected here, it fell into some step of the next run at random, ~120 ms).
        del app, pilot
        gc.collect()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="keep/reuse the generated database here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = (args.keep or Path(tmp)) / "national.db"
        if not db.exists():
            info = build(db)
            print(f"built {info['rows']:,} observations in {info['seconds']:.1f} s "
                  f"({info['megabytes']:.0f} MB)")
        record_painting()
        results = asyncio.run(measure(db))
    print(f"{'step':32} {'pilot median':>12} {'shown median':>12} {'shown max':>10}  target")
    for step, (pilot_times, shown) in results.items():
        target = 1500 if step.startswith("start") else 150
        figure = statistics.median(shown) if shown else statistics.median(pilot_times)
        verdict = "" if step.startswith("baseline") else (
            "ok" if figure * 1000 < target else "MISSED")
        shown_text = f"{statistics.median(shown) * 1000:12.0f}" if shown else f"{'–':>12}"
        worst = f"{max(shown) * 1000:10.0f}" if shown else f"{'–':>10}"
        print(f"{step:32} {statistics.median(pilot_times) * 1000:12.0f} {shown_text} {worst}"
              f"  < {target} ms {verdict}")


if __name__ == "__main__":
    main()

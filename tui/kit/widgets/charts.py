"""plotext charts of a ring: member values as bars with median and quartile band, and series."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from store import periods
from tui.kit import format as fmt

LABEL_WIDTH = 18


def german_ticks(low: float, high: float, count: int = 5) -> tuple[list[float], list[str]]:
    """Evenly spaced ticks labelled in German notation (decimal comma)."""
    if high <= low:
        high = low + 1
    step = (high - low) / (count - 1)
    values = [low + i * step for i in range(count)]
    decimals = 0 if step >= 5 else 1 if step >= 0.5 else 2
    return values, [fmt.number(v, decimals) for v in values]


def _label(name: str, width: int = LABEL_WIDTH) -> str:
    name = fmt.clean(name)
    return name if len(name) <= width else name[: width - 1] + "…"


class RingBarChart(PlotextPlot):
    """Horizontal bars, one per member; vertical lines mark Q1, median and Q3.

    Squeezed into fewer rows than bars (or stretched over a few more), plotext draws a bar
    beside a neighbour's label. With `row_per_bar` the chart makes itself exactly one row per
    bar high (plus its frame), with bars thin enough to stay in their row: put it in a
    scrolling container where that may not fit."""

    def __init__(self, *, row_per_bar: bool = False, label_width: int = LABEL_WIDTH,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.row_per_bar = row_per_bar
        self.label_width = label_width
        self.bars = 0

    @staticmethod
    def frame_rows(title: str) -> int:
        """Rows around the bars: title (when given), top border, x axis, tick labels."""
        return 3 + (1 if title else 0)

    def show(
        self,
        names: list[str],
        values: list[float | None],
        median: float | None,
        q1: float | None,
        q3: float | None,
        title: str = "",
        centre_zero: bool = False,
    ) -> None:
        """Bars with Q1, median and Q3 lines; with `centre_zero` (residuals) the axis runs
        symmetrically around 0 so that the zero line sits in the middle, with a 0 tick."""
        plt = self.plt
        # A plot built once keeps stale axes: clear before every re-plot.
        plt.clear_data()
        plt.clear_figure()
        shown = [(_label(n, self.label_width), v)
                 for n, v in zip(names, values, strict=True) if v is not None]
        self.bars = len(shown)
        if self.row_per_bar:
            self.styles.height = max(1, self.bars) + self.frame_rows(title)
        if shown:
            # Half a row: a bar drawn 0.8 rows wide spills into its neighbour's row.
            thin = {"width": 0.5} if self.row_per_bar else {}
            plt.bar([n for n, _ in shown], [v for _, v in shown], orientation="horizontal",
                    **thin)
            # Always Q1 ≤ median ≤ Q3 from left to right: the order tells the lines apart
            # without colour (NO_COLOR).
            for x, color in ((q1, "gray"), (median, "red"), (q3, "gray")):
                if x is not None:
                    plt.vline(x, color)
            numbers = [v for _, v in shown]
            if centre_zero:
                reach = max(abs(v) for v in numbers) or 1.0
                plt.xlim(-reach, reach)
                plt.xticks(*german_ticks(-reach, reach, count=3))
            else:
                plt.xticks(*german_ticks(min(0.0, min(numbers)), max(0.0, max(numbers))))
        plt.title(fmt.clean(title))
        self.refresh()


class SeriesChart(PlotextPlot):
    """Members as thin lines; the ring median emphasised, with the quartile band."""

    def show(
        self,
        wanted: list[str],
        members: dict[str, list[float | None]],
        median: list[float | None],
        q1: list[float | None],
        q3: list[float | None],
        title: str = "",
        highlight: str | None = None,
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(len(wanted)))

        def line(values: list[float | None], **style) -> None:
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            if points:
                plt.plot([p[0] for p in points], [p[1] for p in points], **style)

        for name, values in members.items():
            if name != highlight:
                line(values, marker="braille", color="gray")
        if highlight is not None and highlight in members:
            line(members[highlight], marker="braille", color="cyan", label=_label(highlight))
        line(q1, marker="braille", color="orange")
        line(q3, marker="braille", color="orange")
        line(median, marker="hd", color="red", label="Ringmedian")
        numbers = [v for values in [*members.values(), median] for v in values if v is not None]
        if numbers:
            plt.yticks(*german_ticks(min(numbers), max(numbers)))
        step = max(1, len(wanted) // 6)
        ticks = xs[::step]
        plt.xticks(ticks, [periods.short_label(wanted[i]) for i in ticks])
        plt.title(fmt.clean(title))
        self.refresh()

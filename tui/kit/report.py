"""The ring's quarterly report as one self-contained HTML page (inline CSS and SVG, prints on A4)
or as Markdown for the minutes. No ranks; every data text escaped; optional pseudonyms."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from store import analysis, periods
from store.db import Store
from store.report import ExpectedPart, IndicatorReport, RingReport, ring_report
from tui.kit import format as fmt
from tui.kit import texts
from tui.kit.minutes import _unit_suffix
from tui.kit.pseudonyms import identifying
from tui.kit.report_svg import series_chart, strip_chart
from tui.kit.texts import cycle as tx
from tui.kit.texts import expected as ex_texts

FORMATS = ("html", "md")

STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 12px; color: #222; max-width: 60em;
       margin: 0 auto; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 1.2em; border-bottom: 1px solid #bbb; }
h3 { font-size: 13px; margin: 0.8em 0 0.2em; }
table { border-collapse: collapse; margin: 0.3em 0; }
th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } td.num, th.num { text-align: right; }
p.note { color: #555; font-style: italic; }
section.indicator { page-break-inside: avoid; break-inside: avoid; margin-bottom: 1em; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
.figure p { margin: 0; color: #555; font-size: 10px; }
tr.own td { font-weight: bold; }
@media print { h2 { page-break-after: avoid; } }
"""


@dataclass
class Naming:
    """How members are named: their names, or pseudonyms by the app's rule (own excepted)."""

    names: dict[str, str]
    own: str | None
    order: list[str] = field(default_factory=list)  # members as listed

    def __call__(self, ags: str) -> str:
        return self.names.get(ags, ags)

    def scrub(self, text: str, real: dict[str, str]) -> str:
        """A note may name a member: with pseudonyms its name is replaced as well."""
        for ags, name in sorted(real.items(), key=lambda item: -len(item[1] or "")):
            if name and self.names.get(ags) != name:
                text = text.replace(name, self.names[ags])
        return text


def naming(store: Store, report: RingReport, pseudonymise: bool, own: str | None) -> Naming:
    real = dict(report.members.select("ags", "name").iter_rows())
    if not pseudonymise:
        return Naming({a: fmt.clean(n or a) for a, n in real.items()}, own)
    keys = analysis.municipalities(store)["ags"].sort().to_list()
    names = fmt.extend_pseudonyms({}, keys, texts.PSEUDONYM)
    if own in real:
        names[own] = fmt.clean(real[own] or own)
    return Naming(names, own)


def build(store: Store, ring_id: int, period: str, pseudonymise: bool = False,
          own: str | None = None, kind: str = "html") -> str:
    report = ring_report(store, ring_id, period)
    names = naming(store, report, pseudonymise, own)
    return to_html(report, names, pseudonymise) if kind == "html" else to_markdown(
        report, names, pseudonymise)


def write_report(path: Path, document: str, force: bool = False) -> None:
    """Write the report; an existing file only with `force` (FileExistsError otherwise)."""
    with open(path, "w" if force else "x", encoding="utf-8") as handle:
        handle.write(document)


# --- shared pieces --------------------------------------------------------------------------


def _decimals(info: dict) -> int:
    return info["decimals"] if info["decimals"] is not None else 1


def _value(value: float | None, info: dict) -> str:
    text = fmt.number(value, _decimals(info))
    return text + _unit_suffix(info["unit"]) if text != "–" else text


def _change(value: float | None, info: dict) -> str:
    if value is None:
        return "–"
    decimals = _decimals(info)
    return fmt.signed(round(value, decimals) + 0.0, decimals, _unit_suffix(info["unit"], True))


def _status(status: str | None) -> str:
    return texts.STATUS_WORDS.get(status or "", status or "")


def _title(report: RingReport) -> str:
    return tx.REPORT_TITLE.format(period=periods.label(report.period), ring=report.ring.name)


def _stat_cells(part: IndicatorReport) -> list[str]:
    dist, info = part.distribution, part.info
    return [str(dist["n"])] + [_value(dist[k], info) for k in ("min", "q1", "median", "q3", "max")]


def _member_rows(part: IndicatorReport, names: Naming) -> list[tuple[str, list[str], bool]]:
    rows = []
    by_ags = {r["ags"]: r for r in part.positions.iter_rows(named=True)}
    for ags in names.order:
        row = by_ags.get(ags, {})
        rows.append((ags, [names(ags), _value(row.get("value"), part.info),
                           _change(row.get("change_previous"), part.info),
                           _status(row.get("status"))], ags == names.own))
    return rows


def _order(report: RingReport, names: Naming) -> list[str]:
    """Members listed by the name shown (pseudonyms sort as letters; never by value)."""
    return sorted(report.members["ags"].to_list(), key=lambda a: (names(a).casefold(), a))


def _notes(report: RingReport, names: Naming) -> list[tuple[str, str, str]]:
    real = dict(report.members.select("ags", "name").iter_rows())
    return [(names(a), code, names.scrub(fmt.clean(text), real))
            for a, code, text in report.notes.sort("ags", "indicator_code").iter_rows()]


def _expected_parts(report: RingReport) -> list[tuple[dict, ExpectedPart]]:
    """The indicators with a fitted model, in report order."""
    return [(part.info, report.expected[part.info["code"]]) for part in report.indicators
            if part.info["code"] in report.expected
            and report.expected[part.info["code"]].model.ok]


def _refused_rows(report: RingReport) -> list[list[str]]:
    """One row per indicator without a model (code, name, why) — compact, since in the
    quarter still being collected that is most of them."""
    return [[part.info["code"], fmt.clean(part.info["name"]),
             ex_texts.refusal(report.expected[part.info["code"]].model)]
            for part in report.indicators if part.info["code"] in report.expected
            and not report.expected[part.info["code"]].model.ok]


def _expected_intro(report: RingReport) -> list[str]:
    """What an expected value is and is not (the fact sheet's words), the marks, and which
    of the ring's indicators get none."""
    lines = [ex_texts.facts(None, report.variables, []).replace("\n", " ").strip(),
             ex_texts.EXPECTED_LEGEND]
    counts = [p.info["code"] for p in report.indicators if p.info["code"] not in report.expected]
    if counts:
        lines.append(tx.REPORT_EXPECTED_COUNTS.format(codes=", ".join(counts)))
    return lines


def _expected_rows(info: dict, found: ExpectedPart, names: Naming
                   ) -> list[tuple[str, list[str], bool]]:
    """Per member as listed: value, expected, residual with the app's marks (▲ ▼ ●) and
    its judgement in words (neutral indicators never judged)."""
    by_ags = {r["ags"]: r for r in found.members.iter_rows(named=True)}
    rows = []
    for ags in names.order:
        row = by_ags.get(ags, {})
        judged = row.get("residual_assessment")
        residual = _change(row.get("residual"), info)
        if residual != "–":
            residual += ex_texts.ASSESSMENT_SYMBOLS.get(judged or "", "")
            residual += " ●" if row.get("far") else ""
        rows.append((ags, [names(ags), _value(row.get("value"), info),
                           _value(row.get("expected"), info), residual,
                           texts.ASSESSMENT_WORDS.get(judged or "", "–")], ags == names.own))
    return rows


# Context figures that say how large a member is (head counts, density) give it away: left
# out when pseudonymising, by the app's rule (kit/pseudonyms.py).


def _context_rows(report: RingReport, names: Naming, pseudonymised: bool = False
                  ) -> tuple[list[str], list[list[str]]]:
    info = {r["code"]: r for r in report.context_info.iter_rows(named=True)}
    codes = [c for c in report.context_info["code"] if c in set(report.context["indicator_code"])
             and not (pseudonymised and identifying(info[c]["unit"]))]
    values = {(a, c): v for a, c, v in report.context.select("ags", "indicator_code", "value")
              .iter_rows()}
    headers = [tx.REPORT_MEMBER_HEADERS[0]] + [
        f"{fmt.clean(info[c]['short_name'] or c)} ({c})" for c in codes]
    rows = [[names(a)] + [_value(values.get((a, c)), info[c]) for c in codes]
            for a in names.order]
    return headers, rows


# --- HTML ---------------------------------------------------------------------------------


def esc(text: object) -> str:
    return html.escape(fmt.clean(text), quote=True)


def _table(headers: list[str], rows: list[list[str]], right: range | tuple[int, ...] = (),
           own_rows: set[int] | None = None) -> str:
    """An HTML table; `right` are the right-aligned (numeric) columns."""
    num, own = ' class="num"', ' class="own"'

    def cells(tag: str, values: list[str]) -> str:
        return "".join(f"<{tag}{num if i in right else ''}>{esc(v)}</{tag}>"
                       for i, v in enumerate(values))

    body = "\n".join(f"<tr{own if own_rows and i in own_rows else ''}>{cells('td', r)}</tr>"
                     for i, r in enumerate(rows))
    return (f"<table><thead><tr>{cells('th', headers)}</tr></thead>\n<tbody>\n{body}\n"
            "</tbody></table>")


def _split_empty(report: RingReport) -> tuple[list[IndicatorReport], list[IndicatorReport]]:
    """(indicators with values this quarter, those without any): an indicator nobody has a
    figure for yet is named once, not drawn as empty charts and a column of dashes."""
    with_values = [part for part in report.indicators if part.distribution["n"]]
    return with_values, [part for part in report.indicators if not part.distribution["n"]]


def _without_values(parts: list[IndicatorReport]) -> str:
    return tx.REPORT_WITHOUT_VALUES.format(codes=", ".join(p.info["code"] for p in parts))


def _heading_html(info: dict) -> str:
    return (f"<h3>{esc(info['code'])} – {esc(info['name'])} <small>({esc(info['unit'])}, "
            f"{esc(tx.REPORT_DIRECTION.get(info['direction'], ''))})</small></h3>")


def _indicator_html(part: IndicatorReport, names: Naming) -> str:
    info = part.info
    dist = part.distribution
    decimals = _decimals(info)
    heading = _heading_html(info)
    stats = _table(list(tx.REPORT_STATS), [_stat_cells(part)], right=range(6))
    members = _member_rows(part, names)
    own_rows = {i for i, (_a, _c, own) in enumerate(members) if own}
    table = _table(list(tx.REPORT_MEMBER_HEADERS), [c for _a, c, _o in members],
                   right=(1, 2), own_rows=own_rows)
    values = dict(part.positions.select("ags", "value").iter_rows())
    strip = strip_chart([(names(a), values.get(a), a == names.own) for a in names.order],
                        dist["q1"], dist["median"], dist["q3"], decimals)
    series = part.series
    own_line = None
    if names.own is not None and names.own in names.order:
        mine = dict(part.member_series.filter(pl.col("ags") == names.own)
                    .select("period", "value").iter_rows())
        own_line = [mine.get(p) for p in series["period"]]
    trend = series_chart([periods.short_label(p) for p in series["period"]],
                         series["q1"].to_list(), series["median"].to_list(),
                         series["q3"].to_list(), own_line, decimals)
    note = f'<p class="note">{esc(tx.REPORT_TOO_FEW)}</p>' if dist["too_few"] else ""
    return (
        f'<section class="indicator">{heading}\n{stats}\n{note}<div class="charts">'
        f'<div class="figure">{strip}<p>{esc(tx.REPORT_CHART)}</p></div>'
        f'<div class="figure">{trend}<p>{esc(tx.REPORT_SERIES.format(count=series.height))}'
        f"</p></div></div>\n{table}</section>"
    )


def to_html(report: RingReport, names: Naming, pseudonymised: bool) -> str:
    names.order = _order(report, names)
    title = _title(report)
    body = [f"<h1>{esc(title)}</h1>", f"<p>{esc(tx.REPORT_INTRO)}</p>"]
    if pseudonymised:
        body.append(f'<p class="note">{esc(tx.REPORT_PSEUDONYMISED)}</p>')
    if report.synthetic:
        body.append(f'<p class="note">{esc(tx.REPORT_SYNTHETIC)}</p>')
    body.append(f"<h2>{esc(texts.TAB_FIGURES)}</h2>")
    with_values, without = _split_empty(report)
    body += [_indicator_html(part, names) for part in with_values]
    if without:
        body.append(f'<p class="note">{esc(_without_values(without))}</p>')
    headers, rows = _context_rows(report, names, pseudonymised)
    body.append(f"<h2>{esc(tx.REPORT_CONTEXT)}</h2><p class=\"note\">"
                f"{esc(tx.REPORT_CONTEXT_NOTE)}</p>" + _table(headers, rows,
                                                              right=range(1, len(headers))))
    body.append(f"<h2>{esc(tx.REPORT_EXPECTED)}</h2>" + _expected_html(report, names))
    notes = _notes(report, names)
    body.append(f"<h2>{esc(tx.REPORT_NOTES)}</h2>")
    body.append(_table(["Kommune", "Kennzahl", "Anmerkung"], [list(n) for n in notes])
                if notes else f"<p>{esc(tx.REPORT_NO_NOTES)}</p>")
    body.append(f'<p class="note">{esc(tx.REPORT_FOOTER.format(day=date.today().strftime("%d.%m.%Y")))}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _expected_html(report: RingReport, names: Naming) -> str:
    """Per indicator: the model line (n, R², variables, context age), the members' residuals
    around zero and the table of value, expected value and residual."""
    if not report.expected:
        return f'<p class="note">{esc(tx.REPORT_EXPECTED_NONE)}</p>'
    intro, legend, *rest = _expected_intro(report)
    html_parts = [f"<p>{esc(intro)}</p>"] + [f'<p class="note">{esc(line)}</p>'
                                             for line in (legend, *rest)]
    for info, found in _expected_parts(report):
        line = f"<p>{esc(ex_texts.model_line(found.model, found.ages.to_dicts()))}</p>"
        rows = _expected_rows(info, found, names)
        residuals = dict(found.members.select("ags", "residual").iter_rows())
        chart = strip_chart([(names(a), residuals.get(a), a == names.own) for a in names.order],
                            None, 0.0, None, _decimals(info), around_zero=True)
        table = _table(list(tx.REPORT_EXPECTED_HEADERS), [c for _a, c, _o in rows],
                       right=(1, 2, 3), own_rows={i for i, r in enumerate(rows) if r[2]})
        html_parts.append(
            f'<section class="indicator expected">{_heading_html(info)}\n{line}\n<div class="charts">'
            f'<div class="figure">{chart}<p>{esc(tx.REPORT_EXPECTED_CHART)}</p></div></div>\n'
            f"{table}</section>")
    refused = _refused_rows(report)
    if refused:
        html_parts.append(f"<h3>{esc(tx.REPORT_EXPECTED_REFUSED)}</h3>"
                          + _table(list(tx.REPORT_EXPECTED_REFUSED_HEADERS), refused))
    return "\n".join(html_parts)


# --- Markdown -----------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    """Data text in a Markdown table: pipes and backslashes escaped, and no raw HTML (a
    Markdown renderer would pass `<script>` through)."""
    cleaned = html.escape(fmt.clean(text), quote=False)
    return cleaned.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(report: RingReport, names: Naming, pseudonymised: bool) -> str:
    names.order = _order(report, names)
    parts = [f"# {_md_cell(_title(report))}", tx.REPORT_INTRO]
    if pseudonymised:
        parts.append(f"_{tx.REPORT_PSEUDONYMISED}_")
    if report.synthetic:
        parts.append(f"_{tx.REPORT_SYNTHETIC}_")
    with_values, without = _split_empty(report)
    for part in with_values:
        info = part.info
        parts.append(f"## {_md_cell(info['code'])} – {_md_cell(info['name'])} "
                     f"({_md_cell(info['unit'])}, {tx.REPORT_DIRECTION.get(info['direction'], '')})")
        parts.append(_md_table(list(tx.REPORT_STATS), [_stat_cells(part)]))
        if part.distribution["too_few"]:
            parts.append(f"_{tx.REPORT_TOO_FEW}_")
        parts.append(_md_table(list(tx.REPORT_MEMBER_HEADERS),
                               [c for _a, c, _o in _member_rows(part, names)]))
    if without:
        parts.append(f"_{_md_cell(_without_values(without))}_")
    headers, rows = _context_rows(report, names, pseudonymised)
    parts += [f"## {tx.REPORT_CONTEXT}", f"_{tx.REPORT_CONTEXT_NOTE}_", _md_table(headers, rows)]
    parts += [f"## {tx.REPORT_EXPECTED}", *_expected_markdown(report, names)]
    notes = _notes(report, names)
    parts.append(f"## {tx.REPORT_NOTES}")
    parts.append(_md_table(["Kommune", "Kennzahl", "Anmerkung"], [list(n) for n in notes])
                 if notes else tx.REPORT_NO_NOTES)
    return "\n\n".join(parts) + "\n"


def _expected_markdown(report: RingReport, names: Naming) -> list[str]:
    """The expected-value comparison as in HTML: per indicator the model line and a table."""
    if not report.expected:
        return [f"_{tx.REPORT_EXPECTED_NONE}_"]
    intro, *notes = _expected_intro(report)
    parts = [_md_cell(intro), *(f"_{_md_cell(line)}_" for line in notes)]
    for info, found in _expected_parts(report):
        parts.append(f"### {_md_cell(info['code'])} – {_md_cell(info['name'])}")
        parts.append(_md_cell(ex_texts.model_line(found.model, found.ages.to_dicts())))
        parts.append(_md_table(list(tx.REPORT_EXPECTED_HEADERS),
                               [c for _a, c, _o in _expected_rows(info, found, names)]))
    refused = _refused_rows(report)
    if refused:
        parts += [f"### {tx.REPORT_EXPECTED_REFUSED}",
                  _md_table(list(tx.REPORT_EXPECTED_REFUSED_HEADERS), refused)]
    return parts

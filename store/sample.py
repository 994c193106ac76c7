"""Build the synthetic demo database deterministically from a fixed seed."""

from __future__ import annotations

import math
import random
from pathlib import Path

from store import periods
from store.db import Store, create_database
from store.meetings_freeze import freeze_figures
from store.ring_indicators import headline_first

SEED = 20051
FIRST_PERIOD = "2020-Q1"
LAST_PERIOD = "2026-Q2"
FIXED_TIME = "2026-10-15T09:00:00+00:00"
SAMPLE_USER = "beispiel"

# (name, kind, carrier, state, comparison type, population, area km², settlement)
# All names and keys are invented: no real district gets invented figures.
MUNICIPALITIES = [
    ("Kreis Ahrwiesen", "Kreis", "zkT", "Nordrhein-Westfalen", "IIIb", 262_000, 941, "ländlich"),
    ("Kreis Brunnstedt", "Kreis", "zkT", "Nordrhein-Westfalen", "IIIa", 198_000, 1_120, "ländlich"),
    ("Kreis Eschenhagen", "Kreis", "zkT", "Nordrhein-Westfalen", "IIIb", 305_000, 1_004, "ländlich"),
    ("Kreis Feldmark", "Kreis", "zkT", "Nordrhein-Westfalen", "IIc", 410_000, 780, "verstädtert"),
    ("Landkreis Grünmoor", "Landkreis", "zkT", "Niedersachsen", "IIIa", 152_000, 1_530, "ländlich"),
    ("Landkreis Hollerbach", "Landkreis", "zkT", "Niedersachsen", "IIIc", 121_000, 1_260, "ländlich"),
    ("Landkreis Immenau", "Landkreis", "zkT", "Hessen", "IIIb", 233_000, 1_080, "ländlich"),
    ("Landkreis Kranichsfeld", "Landkreis", "zkT", "Hessen", "IIIa", 176_000, 1_410, "ländlich"),
    ("Kreis Lindenweiler", "Kreis", "zkT", "Rheinland-Pfalz", "IIIc", 139_000, 1_190, "ländlich"),
    ("Landkreis Moosbrück", "Landkreis", "zkT", "Bayern", "IIIa", 118_000, 1_350, "ländlich"),
    ("Kreis Nordhalde", "Kreis", "zkT", "Nordrhein-Westfalen", "IIc", 342_000, 690, "verstädtert"),
    ("Landkreis Ottersee", "Landkreis", "gE", "Niedersachsen", "IIIb", 164_000, 1_270, "ländlich"),
    ("Landkreis Pappelau", "Landkreis", "gE", "Sachsen-Anhalt", "IIId", 187_000, 1_620, "ländlich"),
    ("Landkreis Quellental", "Landkreis", "gE", "Thüringen", "IIIc", 98_000, 1_050, "ländlich"),
    ("Kreis Rabenhorst", "Kreis", "gE", "Schleswig-Holstein", "IIIb", 201_000, 1_310, "ländlich"),
    ("Landkreis Sonnenberg", "Landkreis", "gE", "Bayern", "IIIa", 132_000, 980, "ländlich"),
    ("Landkreis Tannwald", "Landkreis", "gE", "Baden-Württemberg", "IIIa", 214_000, 1_160, "ländlich"),
    ("Landkreis Ulmenried", "Landkreis", "gE", "Brandenburg", "IIId", 169_000, 2_010, "ländlich"),
    ("Stadt Altenbrück", "kreisfreie Stadt", "zkT", "Nordrhein-Westfalen", "IIe", 312_000, 145, "städtisch"),
    ("Stadt Bergheide", "kreisfreie Stadt", "zkT", "Hessen", "IIa", 188_000, 120, "städtisch"),
    ("Stadt Dornfurt", "kreisfreie Stadt", "gE", "Nordrhein-Westfalen", "IIe", 585_000, 218, "städtisch"),
    ("Stadt Elbhausen", "kreisfreie Stadt", "gE", "Sachsen", "IIc", 542_000, 298, "städtisch"),
    ("Stadt Fuchsheim", "kreisfreie Stadt", "gE", "Bayern", "Ia", 468_000, 186, "städtisch"),
    ("Stadt Glockenau", "kreisfreie Stadt", "gE", "Niedersachsen", "IIb", 247_000, 165, "städtisch"),
    ("Stadt Hafenstedt", "kreisfreie Stadt", "gE", "Schleswig-Holstein", "IIe", 214_000, 118, "städtisch"),
    ("Stadt Kronwald", "kreisfreie Stadt", "zkT", "Baden-Württemberg", "Ib", 156_000, 98, "städtisch"),
    ("Region Lerchenfeld", "Region", "zkT", "Niedersachsen", "IIc", 655_000, 2_290, "verstädtert"),
    ("Kreis Mühlental", "Kreis", "gE", "Hessen", "IIb", 283_000, 720, "verstädtert"),
    ("Kreis Nebelstein", "Kreis", "gE", "Rheinland-Pfalz", "IIIc", 129_000, 870, "ländlich"),
    ("Kreis Ostwiesen", "Kreis", "zkT", "Sachsen", "IIId", 244_000, 1_740, "ländlich"),
]

STATE_NUMBERS = {
    "Schleswig-Holstein": 1, "Niedersachsen": 3, "Nordrhein-Westfalen": 5, "Hessen": 6,
    "Rheinland-Pfalz": 7, "Baden-Württemberg": 8, "Bayern": 9, "Brandenburg": 12,
    "Sachsen": 14, "Sachsen-Anhalt": 15, "Thüringen": 16,
}

RINGS = [
    ("Ländliche Optionskommunen West",
     "Zehn überwiegend ländliche Optionskommunen; Treffen reihum in den Kreishäusern.",
     list(range(0, 11))),
    ("Großstädte", "Kreisfreie Städte beider Trägermodelle.", list(range(18, 26))),
    ("Ring Mitte", "Gemischter Ring aus zkT und gE mittlerer Größe.",
     [10, 11, 13, 14, 15, 16, 26, 27, 28, 29]),
]
# Membership changes: Kreis Nordhalde (10) joined ring 1 in 2023; Kreis Feldmark (3)
# left it at the end of 2023 (it still belongs to no other ring).
MEMBER_SINCE = {(0, 10): "2023-01-01"}
MEMBER_UNTIL = {(0, 3): "2023-12-31"}

PRACTICES = [
    ("Trennung von Fallmanagement und Vermittlung",
     "Fallmanagement für Menschen mit mehreren Vermittlungshemmnissen getrennt von der "
     "arbeitgebernahen Vermittlung organisiert.",
     {0: "2021-07-01", 2: "2022-01-01", 4: "2022-07-01", 8: "2023-04-01", 19: "2021-01-01"}),
    ("Jugendberufsagentur unter einem Dach",
     "Jobcenter, Arbeitsagentur und Jugendhilfe beraten junge Menschen an einem Ort.",
     {1: "2020-10-01", 6: "2023-01-01", 21: "2022-04-01", 23: "2024-01-01"}),
]


def ags_for(index: int) -> str:
    """Invented keys: a leading 9 marks them as fictional (real state codes run 01–16)."""
    state = MUNICIPALITIES[index][3]
    return f"9{STATE_NUMBERS[state]:02d}{index + 1:02d}"


def _figures(rng: random.Random) -> list[tuple]:
    """Observations: (ags, code, period, value, numerator, denominator, status)."""
    rows: list[tuple] = []
    quarters = periods.period_range(FIRST_PERIOD, LAST_PERIOD)
    for index, (_n, _k, carrier, _s, _t, population, area, settlement) in enumerate(
        MUNICIPALITIES
    ):
        ags = ags_for(index)
        urban = settlement == "städtisch"
        alq_base = rng.uniform(6.5, 11.5) if urban else rng.uniform(3.2, 7.5)
        skill = rng.gauss(0, 1)  # local organisation quality, not observable directly
        sanction_style = rng.uniform(1.2, 4.6)
        activation_style = rng.uniform(8, 19)
        growth = rng.uniform(-0.004, 0.003)
        adoption = {
            pr_index: since
            for pr_index, (_pn, _pd, adopters) in enumerate(PRACTICES)
            for ix, since in adopters.items()
            if ix == index
        }
        for q, period in enumerate(quarters):
            year = int(period[:4])
            season = math.sin((int(period[-1]) - 1) / 4 * 2 * math.pi)
            covid = 1.0 if "2020-Q2" <= period <= "2021-Q1" else 0.0
            refugees = 1.0 if "2022-Q3" <= period <= "2023-Q2" else 0.0
            citizen_income = 1.0 if "2023-Q1" <= period <= "2023-Q4" else 0.0
            practice_boost = sum(
                1.6 for since in adoption.values() if periods.start_date(period).isoformat() >= since
            )
            pop = population * (1 + growth) ** q
            alq = max(1.5, alq_base + 0.4 * season + 0.9 * covid + rng.gauss(0, 0.15))
            sgb2q = max(1.0, 1.05 * alq + (2.0 if urban else 0.4) + rng.gauss(0, 0.2))
            elb = pop * sgb2q / 100 * 0.68
            k2 = max(5.0, 31 - 1.25 * alq + 1.6 * skill - 5.5 * covid
                     - 1.5 * refugees + practice_boost + rng.gauss(0, 0.6))
            integrations_12m = round(elb * k2 / 100)
            lzb = elb * rng.uniform(0.55, 0.62)
            values = {
                "K1": (rng.gauss(-1.0, 1.6) + 4.5 * covid + 11.5 * citizen_income
                       + (5.5 if year == 2024 else 0.0) + 4 * refugees, None, None),
                "K1E1": (rng.gauss(1.8, 1.5) + 7.5 * citizen_income + 2.5 * refugees, None, None),
                "K1E2": (rng.gauss(-1.8, 1.4) + 5.0 * covid + 10.0 * refugees, None, None),
                "K1E3": (max(0.5, rng.gauss(3.1, 0.3) + 0.4 * covid + 0.7 * refugees), None, None),
                "K1E4": (max(0.5, rng.gauss(3.3, 0.35) + 0.2 * skill - 0.5 * covid), None, None),
                "K2": (k2, float(integrations_12m), round(elb, 1)),
                "K2E1": (max(1.0, rng.gauss(7.5, 1.0) - 1.5 * covid), None, None),
                "K2E2": (max(0.2, rng.gauss(2.4, 0.8) + (1.0 if carrier == "zkT" else 0)), None, None),
                "K2E3": (min(95.0, max(40.0, rng.gauss(66, 3) + 1.5 * skill)), None, None),
                "K2E4": (max(3.0, 0.72 * k2 + rng.gauss(0, 1.2)), None, None),
                "K3": (rng.gauss(-2.5, 2.0) + 6.0 * covid - 1.0 * skill + 3 * refugees, None, None),
                "K3E1": (max(3.0, 0.6 * k2 + rng.gauss(0, 0.8)), None, None),
                "K3E2": (None, None, None),  # pooled from its numerator below
                "K3E3": (max(0.3, rng.gauss(1.4, 0.2)), None, None),
                "K3E4": (max(0.5, rng.gauss(2.6, 0.3) + 0.15 * skill), None, None),
                "SANQ": (None, None, None),
                "AKTQ": (None, None, None),
                "INTN": (float(round(integrations_12m / 4 * (1 + 0.15 * season))), None, None),
                "ALQ": (alq, None, None),
                "SGB2Q": (sgb2q, None, None),
                "EW": (float(round(pop)), None, None),
                "DICHTE": (pop / area, None, None),
                "ELB": (float(round(elb)), None, None),
            }
            active_lzb = round(lzb * max(0.03, rng.gauss(activation_style, 2.0)) / 100)
            values["K3E2"] = (100 * active_lzb / round(lzb), float(active_lzb), float(round(lzb)))
            sanction_rate = max(0.2, sanction_style * (0.3 if citizen_income else 1.0)
                                + rng.gauss(0, 0.3))
            sanctioned = round(elb * sanction_rate / 100)
            values["SANQ"] = (100 * sanctioned / round(elb), float(sanctioned), float(round(elb)))
            active = round(elb * max(2.0, rng.gauss(activation_style, 1.2)) / 100)
            values["AKTQ"] = (100 * active / round(elb), float(active), float(round(elb)))
            for code, (value, num, den) in values.items():
                status = "final"
                if period == LAST_PERIOD and code not in ("EW", "DICHTE"):
                    status = "provisional"
                rows.append([ags, code, period, value, num, den, status])
    _add_story(rows, rng)
    return [
        (a, c, p, None if v is None else round(v, 4), n, d, s) for a, c, p, v, n, d, s in rows
    ]


def _add_story(rows: list[list], rng: random.Random) -> None:
    """Outliers, gaps and status marks that a real ring would have to talk about."""
    by_key = {(r[0], r[1], r[2]): r for r in rows}
    # Kreis Lindenweiler: a sharp rise of the integration rate after a new employer service.
    for period in periods.period_range("2025-Q3", LAST_PERIOD):
        by_key[(ags_for(8), "K2", period)][3] += 7.5
    # Landkreis Hollerbach: unusually strict sanctioning (neutral indicator: never judged).
    for period in periods.period_range("2024-Q1", LAST_PERIOD):
        by_key[(ags_for(5), "SANQ", period)][3] *= 2.4
    # Landkreis Moosbrück: software change, two quarters not delivered.
    for period in ("2024-Q3", "2024-Q4"):
        for code in ("K2", "K2E3", "K3E1"):
            row = by_key[(ags_for(9), code, period)]
            row[3], row[4], row[5], row[6] = None, None, None, "missing"
    # Small case numbers: integration rate of single parents kept confidential.
    for period in periods.period_range("2025-Q1", LAST_PERIOD):
        row = by_key[(ags_for(13), "K2E4", period)]
        row[3], row[6] = None, "confidential"
    # BA estimates for a zkT that delivered late.
    for code in ("K1E3", "K1E4", "K3E3", "K3E4"):
        by_key[(ags_for(6), code, "2026-Q1")][6] = "estimated"
    # A retroactive correction (as with K3E2 in February 2024).
    for index in (0, 2, 7):
        row = by_key[(ags_for(index), "K3E2", "2025-Q4")]
        row[6] = "revised"


# The quarter cycle in progress: ring 1 collects these figures from its members itself, and
# for COLLECTING (the quarter after the last published one) only some have answered.
COLLECTED = ("K2", "K2E1", "K3", "SANQ", "AKTQ", "INTN")
COLLECTING = periods.shift(LAST_PERIOD, 1)
# member index → codes delivered; Kreis Brunnstedt's INTN jumps (a typing slip, ×3).
DELIVERED = {0: COLLECTED, 1: COLLECTED, 4: COLLECTED, 6: ("SANQ", "INTN")}
PROVISIONAL = {(4, "K2"), (6, "INTN")}
JUMPS = {(1, "INTN"): 3.0}


def _collection_quarter(figures: list[tuple], rng: random.Random) -> list[tuple]:
    """Ring 1's own figures for COLLECTING: three members complete, one partly, the rest
    missing; last quarter's figure moved a little, one jump."""
    last = {(a, c): (v, n, d) for a, c, p, v, n, d, _s in figures if p == LAST_PERIOD}
    rows = []
    for index, codes in DELIVERED.items():
        ags = ags_for(index)
        for code in codes:
            value, num, den = last[(ags, code)]
            drift = 1 + rng.gauss(0, 0.02)
            if num is not None and den is not None:
                num, den = float(round(num * drift)), den
                value = 100 * num / den
            else:
                value = value * drift * JUMPS.get((index, code), 1.0)
                if code == "INTN":
                    value = float(round(value))
            status = "provisional" if (index, code) in PROVISIONAL else "final"
            rows.append((ags, code, COLLECTING, round(value, 4), num, den, status))
    return rows


def _write(store: Store, rng: random.Random) -> None:
    with store.write() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [
                ("synthetic", "1"),
                ("title", "Synthetische Demodaten (erfundene Kommunen und Zahlen)"),
                ("created_at", FIXED_TIME),
                ("sample_seed", str(SEED)),
            ],
        )
        conn.executemany(
            "INSERT INTO municipalities(ags, name, kind, carrier, state, comparison_type,"
            " population, area_km2, settlement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(ags_for(i), *m) for i, m in enumerate(MUNICIPALITIES)],
        )
        for ring_id, (name, description, members) in enumerate(RINGS, start=1):
            conn.execute(
                "INSERT INTO rings(id, name, description) VALUES (?, ?, ?)",
                (ring_id, name, description),
            )
            conn.executemany(
                "INSERT INTO ring_members(ring_id, ags, since, until) VALUES (?, ?, ?, ?)",
                [
                    (ring_id, ags_for(i), MEMBER_SINCE.get((ring_id - 1, i), "2015-01-01"),
                     MEMBER_UNTIL.get((ring_id - 1, i)))
                    for i in members
                ],
            )
        conn.execute(
            "INSERT INTO imports(id, file_name, sha256, imported_at, imported_by, kind, rows,"
            " new_rows) VALUES (1, 'beispieldaten (generiert)', ?, ?, ?, 'sample', 0, 0)",
            (f"sample-seed-{SEED}", FIXED_TIME, SAMPLE_USER),
        )
        figures = _figures(rng)
        figures += _collection_quarter(figures, rng)
        conn.executemany(
            "INSERT INTO observations(ags, indicator_code, period, value, numerator,"
            " denominator, status, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            figures,
        )
        conn.execute("UPDATE imports SET rows = ?, new_rows = ? WHERE id = 1",
                     (len(figures), len(figures)))
        # The corrected K3E2 figures keep their previous values in the history.
        conn.execute(
            "INSERT INTO observation_history(ags, indicator_code, period, value, numerator,"
            " denominator, status, import_id, replaced_at, replaced_by_import)"
            " SELECT ags, indicator_code, period, round(value - 1.7, 4), numerator - 40,"
            " denominator, 'final', 1, ?, 1 FROM observations"
            " WHERE indicator_code = 'K3E2' AND status = 'revised' ORDER BY ags",
            (FIXED_TIME,),
        )
        for practice_id, (name, description, adopters) in enumerate(PRACTICES, start=1):
            conn.execute(
                "INSERT INTO practices(id, name, description) VALUES (?, ?, ?)",
                (practice_id, name, description),
            )
            conn.executemany(
                "INSERT INTO practice_adoptions(practice_id, ags, since) VALUES (?, ?, ?)",
                [(practice_id, ags_for(i), since) for i, since in sorted(adopters.items())],
            )
        codes = headline_first([r[0] for r in conn.execute(
            "SELECT code FROM indicators WHERE kind != 'context' ORDER BY sort_order, code")])
        conn.executemany(
            "INSERT INTO ring_indicators(ring_id, indicator_code, position, collected)"
            " VALUES (1, ?, ?, ?)",
            [(code, position, int(code in COLLECTED)) for position, code in enumerate(codes)],
        )
        conn.execute(
            "INSERT INTO annotations(ags, indicator_code, period, text, author, created_at)"
            " VALUES (?, 'INTN', ?, ?, ?, ?)",
            (ags_for(1), COLLECTING, "Inklusive Nachmeldungen aus dem Vorquartal.", SAMPLE_USER,
             FIXED_TIME),
        )
        conn.execute(
            "INSERT INTO annotations(ags, indicator_code, period, text, author, created_at)"
            " VALUES (?, 'K2', '2025-Q3', ?, ?, ?)",
            (ags_for(8), "Neuer Arbeitgeberservice seit Juli 2025; Großbetrieb eingestellt.",
             SAMPLE_USER, FIXED_TIME),
        )
        conn.execute(
            "INSERT INTO annotations(ags, indicator_code, period, text, author, created_at)"
            " VALUES (?, 'SANQ', '2024-Q1', ?, ?, ?)",
            (ags_for(5), "Neue Dienstanweisung zu Meldeversäumnissen; wird im Ring diskutiert.",
             SAMPLE_USER, FIXED_TIME),
        )
        _write_meetings(store, conn)


MEETINGS = [
    # ring, period, held_on, place, title, status
    (1, "2025-Q3", "2025-12-04", "Kreishaus Ahrwiesen", "Ringtreffen Q3/2025", "held"),
    (1, "2025-Q4", "2026-03-12", "Kreishaus Brunnstedt", "Ringtreffen Q4/2025", "held"),
    (1, "2026-Q1", "2026-06-18", "Kreishaus Eschenhagen", "Ringtreffen Q1/2026", "held"),
    (1, "2026-Q2", "2026-12-10", "Kreishaus Immenau", "Ringtreffen Q2/2026", "planned"),
    (2, "2026-Q1", "2026-07-02", "Rathaus Dornfurt", "Städtetreffen Sommer 2026", "held"),
    (2, "2026-Q2", "2027-01-21", "Rathaus Fuchsheim", "Städtetreffen Winter 2027", "planned"),
    (3, "2026-Q1", "2026-06-25", "Kreishaus Mühlental", "Ring Mitte Q1/2026", "held"),
]


def _write_meetings(store: Store, conn) -> None:
    for meeting_id, (ring_id, period, held_on, place, title, status) in enumerate(
        MEETINGS, start=1
    ):
        conn.execute(
            "INSERT INTO meetings(id, ring_id, period, held_on, place, title, status,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (meeting_id, ring_id, period, held_on, place, title, status, SAMPLE_USER, FIXED_TIME),
        )
        held = status == "held"
        items = [
            ("Begrüßung und Protokoll der letzten Sitzung", None, None, None,
             "Protokoll ohne Änderungen angenommen." if held else "", ""),
            ("Integrationsquote: Entwicklung im Ring", "K2", None, period,
             "Abstand zwischen Kreisen mit getrennter Vermittlung und den übrigen wächst."
             if held else "", "Unterarbeitsgruppe Organisation bildet sich." if held else ""),
            ("Sanktionsquote: Unterschiede verstehen", "SANQ", ags_for(5) if ring_id == 1 else None,
             period, "Unterschiedliche Praxis bei Meldeversäumnissen." if held else "", ""),
            ("Langzeitleistungsbezieher: Aktivierung", "K3E2", None, period, "", ""),
        ]
        for position, (title_, code, ags, per, notes, decisions) in enumerate(items, start=1):
            item_status = ("discussed" if position < 4 else "deferred") if held else "open"
            conn.execute(
                "INSERT INTO agenda_items(meeting_id, position, title, indicator_code, ags,"
                " period, status, notes, decisions, source, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?)",
                (meeting_id, position, title_, code, ags, per, item_status, notes, decisions,
                 SAMPLE_USER, FIXED_TIME),
            )
        if held:
            conn.execute(
                "INSERT INTO action_items(meeting_id, text, owner, due_on, done, done_on,"
                " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (meeting_id, f"Steckbrief zur Organisation der Vermittlung ({title})",
                 "Koordination", held_on[:8] + "28", 1 if meeting_id < 3 else 0,
                 # done on its due date: the next meeting's minutes list it as done since
                 held_on[:8] + "28" if meeting_id < 3 else None, SAMPLE_USER, FIXED_TIME),
            )
            # Figures as discussed, frozen as the app does when a meeting is marked held.
            freeze_figures(store, conn, meeting_id)
    # The K3E2 correction came after the Q4/2025 meeting: its frozen figures show the old values.
    conn.execute(
        "UPDATE meeting_figures SET value = (SELECT h.value FROM observation_history h"
        " WHERE h.ags = meeting_figures.ags AND h.indicator_code = meeting_figures.indicator_code"
        " AND h.period = meeting_figures.period), status = 'final'"
        " WHERE meeting_id = 2 AND indicator_code = 'K3E2' AND EXISTS (SELECT 1 FROM"
        " observation_history h WHERE h.ags = meeting_figures.ags AND h.indicator_code ="
        " meeting_figures.indicator_code AND h.period = meeting_figures.period)"
    )


def build_sample(out: str | Path) -> Path:
    """Write the demo database to `out` (which must not exist). Same seed, same rows."""
    out = Path(out)
    store = create_database(out)
    try:
        _write(store, random.Random(SEED))
        with store.lock:
            store.conn.execute("UPDATE meta SET value = ? WHERE key = 'created_at'", (FIXED_TIME,))
            # A committed file should not depend on -wal/-shm side files.
            store.conn.execute("PRAGMA journal_mode = DELETE")
            store.conn.execute("VACUUM")
    finally:
        store.close()
    return out

"""The SQLite schema of a Ringvergleich database, as an ordered list of forward migrations."""

from __future__ import annotations

# Written into meta('app') so that a foreign SQLite file is recognised as such.
APP_ID = "ringvergleich"
# PRAGMA application_id of every Ringvergleich database ("RVGL"): the SQLite way of telling
# our files from any other SQLite file before writing to them.
APPLICATION_ID = 0x5256474C

PERIOD_CHECK = (
    "({col} GLOB '[12][0-9][0-9][0-9]-Q[1-4]' "
    "OR {col} GLOB '[12][0-9][0-9][0-9]-0[1-9]' OR {col} GLOB '[12][0-9][0-9][0-9]-1[0-2]')"
)


# Figures may also be annual: a year (Jahresdurchschnitt, annual total) or a reference day
# (Stichtag). Meetings and agenda items stay on quarters and months.
FIGURE_PERIOD_CHECK = (
    "({col} GLOB '[12][0-9][0-9][0-9]-Q[1-4]' "
    "OR {col} GLOB '[12][0-9][0-9][0-9]-0[1-9]' OR {col} GLOB '[12][0-9][0-9][0-9]-1[0-2]' "
    "OR {col} GLOB '[12][0-9][0-9][0-9]' "
    "OR {col} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')"
)


def _period_check(col: str) -> str:
    return PERIOD_CHECK.format(col=col)


# Migration N (index N-1) brings a database from user_version N-1 to N.
# Never edit a migration that has shipped; append a new one.
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    CREATE TABLE municipalities (
        ags TEXT PRIMARY KEY CHECK (length(ags) BETWEEN 2 AND 12),
        name TEXT NOT NULL,
        kind TEXT,
        carrier TEXT NOT NULL CHECK (carrier IN ('zkT', 'gE')),
        state TEXT,
        comparison_type TEXT,
        population INTEGER,
        area_km2 REAL,
        settlement TEXT
    );
    CREATE TABLE indicators (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        short_name TEXT,
        unit TEXT NOT NULL DEFAULT '%',
        direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'neutral')),
        kind TEXT NOT NULL CHECK (kind IN ('outcome', 'supplementary', 'context', 'process')),
        goal TEXT,
        description TEXT,
        numerator TEXT,
        denominator TEXT,
        reading TEXT,
        aggregation TEXT NOT NULL DEFAULT 'last'
            CHECK (aggregation IN ('last', 'sum', 'mean', 'pooled')),
        min_value REAL,
        max_value REAL,
        decimals INTEGER NOT NULL DEFAULT 1,
        sort_order INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE rings (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT
    );
    -- since/until are ISO dates (YYYY-MM-DD); until is the last day of membership.
    CREATE TABLE ring_members (
        ring_id INTEGER NOT NULL REFERENCES rings(id) ON DELETE CASCADE,
        ags TEXT NOT NULL REFERENCES municipalities(ags),
        since TEXT NOT NULL,
        until TEXT,
        PRIMARY KEY (ring_id, ags, since),
        CHECK (until IS NULL OR until >= since)
    );
    CREATE INDEX ring_members_ags ON ring_members(ags);
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT,
        kind TEXT NOT NULL DEFAULT 'figures',
        rows INTEGER NOT NULL DEFAULT 0,
        new_rows INTEGER NOT NULL DEFAULT 0,
        changed_rows INTEGER NOT NULL DEFAULT 0,
        unchanged_rows INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX imports_sha256 ON imports(sha256);
    CREATE TABLE observations (
        ags TEXT NOT NULL REFERENCES municipalities(ags),
        indicator_code TEXT NOT NULL REFERENCES indicators(code),
        period TEXT NOT NULL CHECK {_period_check("period")},
        value REAL,
        numerator REAL,
        denominator REAL,
        status TEXT NOT NULL DEFAULT 'final' CHECK (status IN
            ('final', 'provisional', 'revised', 'estimated', 'missing', 'confidential')),
        import_id INTEGER REFERENCES imports(id),
        PRIMARY KEY (ags, indicator_code, period)
    );
    CREATE INDEX observations_indicator_period ON observations(indicator_code, period);
    -- Previous versions of a figure, kept when a corrected file replaces it.
    CREATE TABLE observation_history (
        id INTEGER PRIMARY KEY,
        ags TEXT NOT NULL,
        indicator_code TEXT NOT NULL,
        period TEXT NOT NULL,
        value REAL,
        numerator REAL,
        denominator REAL,
        status TEXT NOT NULL,
        import_id INTEGER,
        replaced_at TEXT NOT NULL,
        replaced_by_import INTEGER REFERENCES imports(id)
    );
    CREATE INDEX observation_history_key
        ON observation_history(ags, indicator_code, period);
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        ring_id INTEGER NOT NULL REFERENCES rings(id) ON DELETE CASCADE,
        period TEXT CHECK (period IS NULL OR {_period_check("period")}),
        held_on TEXT,
        place TEXT,
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held')),
        version INTEGER NOT NULL DEFAULT 1,
        updated_by TEXT,
        updated_at TEXT
    );
    CREATE INDEX meetings_ring ON meetings(ring_id, held_on);
    CREATE TABLE agenda_items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        indicator_code TEXT REFERENCES indicators(code),
        ags TEXT REFERENCES municipalities(ags),
        period TEXT CHECK (period IS NULL OR {_period_check("period")}),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'discussed', 'deferred')),
        notes TEXT NOT NULL DEFAULT '',
        decisions TEXT NOT NULL DEFAULT '',
        source TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        updated_by TEXT,
        updated_at TEXT
    );
    CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);
    CREATE TABLE action_items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
        text TEXT NOT NULL,
        owner TEXT,
        due_on TEXT,
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        done_on TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        updated_by TEXT,
        updated_at TEXT
    );
    CREATE INDEX action_items_meeting ON action_items(meeting_id);
    -- Figures as discussed: frozen when a meeting is marked held.
    CREATE TABLE meeting_figures (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        ags TEXT NOT NULL,
        indicator_code TEXT NOT NULL,
        period TEXT NOT NULL,
        value REAL,
        status TEXT,
        PRIMARY KEY (meeting_id, ags, indicator_code, period)
    );
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        ags TEXT NOT NULL REFERENCES municipalities(ags),
        indicator_code TEXT NOT NULL REFERENCES indicators(code),
        period TEXT NOT NULL,
        text TEXT NOT NULL,
        author TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX annotations_key ON annotations(ags, indicator_code, period);
    CREATE TABLE practices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT
    );
    CREATE TABLE practice_adoptions (
        practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
        ags TEXT NOT NULL REFERENCES municipalities(ags),
        since TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (practice_id, ags)
    );
    """,
    # 2: proposals a user dropped from an agenda draft stay dropped (for every user).
    """
    CREATE TABLE agenda_proposal_drops (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        dropped_by TEXT,
        dropped_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, source)
    );
    """,
    # 3: observations without a rowid — the primary key is the table, so one b-tree holds
    # every figure and no second index has to be kept up to date on import (reads name the
    # municipalities, so the key's order ags, indicator, period serves them) — and figure
    # periods may be annual (`YYYY`, `YYYY-MM-DD`).
    f"""
    CREATE TABLE observations_v3 (
        ags TEXT NOT NULL REFERENCES municipalities(ags),
        indicator_code TEXT NOT NULL REFERENCES indicators(code),
        period TEXT NOT NULL CHECK {FIGURE_PERIOD_CHECK.format(col="period")},
        value REAL,
        numerator REAL,
        denominator REAL,
        status TEXT NOT NULL DEFAULT 'final' CHECK (status IN
            ('final', 'provisional', 'revised', 'estimated', 'missing', 'confidential')),
        import_id INTEGER REFERENCES imports(id),
        PRIMARY KEY (ags, indicator_code, period)
    ) WITHOUT ROWID;
    INSERT INTO observations_v3 SELECT ags, indicator_code, period, value, numerator,
        denominator, status, import_id FROM observations ORDER BY ags, indicator_code, period;
    DROP TABLE observations;
    ALTER TABLE observations_v3 RENAME TO observations;
    """,
    # 4: which measure of an official table (GENESIS, BA) is which indicator, remembered
    # for the next file of the same statistic. `measure` is the folded label.
    """
    CREATE TABLE measure_mappings (
        statistic TEXT NOT NULL,
        measure TEXT NOT NULL,
        label TEXT NOT NULL,
        indicator_code TEXT NOT NULL REFERENCES indicators(code) ON DELETE CASCADE,
        created_by TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (statistic, measure)
    );
    """,
    # 5: an audit trail: every deletion of a meeting, agenda item, action item or note,
    # and every undone import, leaves a row saying who, when and what (the row as JSON).
    """
    CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id INTEGER,
        what TEXT NOT NULL,
        done_by TEXT,
        done_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_log_table ON audit_log(table_name, row_id);
    """,
    # 6: the indicators a ring works with, in its own order. `collected` = 1 marks those the
    # ring collects from its members (collection templates, delivery status); the ordered
    # list as a whole is what a ring's screens may show. A ring without rows uses the
    # catalogue's non-context indicators.
    """
    CREATE TABLE ring_indicators (
        ring_id INTEGER NOT NULL REFERENCES rings(id) ON DELETE CASCADE,
        indicator_code TEXT NOT NULL REFERENCES indicators(code) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        collected INTEGER NOT NULL DEFAULT 1 CHECK (collected IN (0, 1)),
        PRIMARY KEY (ring_id, indicator_code)
    );
    CREATE INDEX ring_indicators_order ON ring_indicators(ring_id, position);
    """,
    # 7: expected values from context figures — a ring's own model variables (codes of context
    # indicators, `ln(CODE)` for a logarithm; none stored = the default ALQ, SGB2Q, ln(DICHTE)),
    # and the expected value a frozen meeting figure was discussed with.
    """
    CREATE TABLE ring_model_variables (
        ring_id INTEGER NOT NULL REFERENCES rings(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        term TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 40),
        PRIMARY KEY (ring_id, term)
    );
    ALTER TABLE meeting_figures ADD COLUMN expected REAL;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose presence marks a file as a Ringvergleich database.
CORE_TABLES = ("meta", "municipalities", "indicators", "rings", "ring_members", "observations")

"""German texts of the meetings area: list, agenda editor, meeting mode, minutes and export."""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path

from store import periods
from store.db import StoreError

STATUS_WORDS = {"planned": "geplant", "held": "stattgefunden"}
ITEM_STATUS_WORDS = {"open": "offen", "discussed": "besprochen", "deferred": "vertagt"}
STATUS_CYCLE = {"open": "discussed", "discussed": "deferred", "deferred": "open"}

# Meetings list
MEETINGS_TITLE = "Treffen · {ring}"
# "Nr." is the number `ringvergleich agenda NR` takes (the meeting's id).
MEETINGS_COLUMNS = ("Nr.", "Zeitraum", "Datum", "Ort", "Titel", "Status", "TOPs")
MEETINGS_EMPTY = "Noch keine Treffen. n legt ein neues an."
RING_MISSING = "Diesen Ring gibt es nicht (mehr)."
DEFAULT_MEETING_TITLE = "Ringtreffen {period}"

KEY_ACTIONS = "Aufgaben"

# Dialogs
MEETING_NEW = "Neues Treffen"
MEETING_EDIT = "Treffen bearbeiten"
FIELD_TITLE = "Titel"
FIELD_PERIOD = "Zeitraum"
FIELD_DATE = "Datum"
FIELD_PLACE = "Ort"
FIELD_INDICATOR = "Kennzahl"
FIELD_MUNICIPALITY = "Kommune"
FIELD_STATUS = "Status"
FIELD_NOTES = "Notizen"
FIELD_DECISIONS = "Beschlüsse"
FIELD_TEXT = "Aufgabe"
FIELD_OWNER = "Verantwortlich"
FIELD_DUE = "Fällig am"
FIELD_DONE = "erledigt"
PERIOD_PLACEHOLDER = "z. B. Q2/2026"
DATE_PLACEHOLDER = "TT.MM.JJJJ"
NO_LINK = "– keine –"
ITEM_NEW = "Neuer Tagesordnungspunkt"
ITEM_EDIT = "Tagesordnungspunkt bearbeiten"
ACTION_NEW = "Neue Aufgabe"
ACTION_EDIT = "Aufgabe bearbeiten"
CONFIRM_DELETE_MEETING = "Treffen „{title}“ mit Tagesordnung, Aufgaben und Zahlenstand löschen?"
CONFIRM_DELETE_ITEM = "TOP „{title}“ löschen?"
CONFIRM_DELETE_ACTION = "Aufgabe „{text}“ löschen?"
CONFIRM_HELD = ("Treffen „{title}“ als stattgefunden markieren? Die Zahlen der "
                "Tagesordnung werden mit dem heutigen Stand festgehalten.")
CONFIRM_REOPEN = "Treffen „{title}“ wieder als geplant markieren? Der Zahlenstand bleibt."

INVALID_FIELDS = {
    "title": "Bitte einen Titel angeben.",
    "text": "Bitte den Text der Aufgabe angeben.",
    "period": "Zeitraum als Quartal (Q2/2026, 2. Quartal 2026, 2026-Q2) oder Monat (03/2026) "
              "angeben.",
    "held_on": "Datum als TT.MM.JJJJ angeben, z. B. 10.12.2026.",
    "due_on": "Fälligkeit als TT.MM.JJJJ angeben, z. B. 31.01.2027.",
    "indicator_code": "Diese Kennzahl gibt es nicht.",
    "ags": "Diese Kommune gibt es nicht.",
    "status": "Unbekannter Status.",
    "agenda_item_id": "Der Tagesordnungspunkt gehört nicht zu diesem Treffen.",
}
SAVED = "Gespeichert."
DELETED = "Gelöscht."
CONFLICT_WHAT = {
    "meetings": "das Treffen (oder seine Tagesordnung)",
    "agenda_items": "diesen Tagesordnungspunkt",
    "action_items": "diese Aufgabe",
}
CONFLICT = ("{who} hat {what} {when} in einer anderen Sitzung geändert. Die Anzeige wurde neu "
            "geladen; bitte erneut versuchen.")
CONFLICT_KEPT = " Ihre nicht gespeicherte Fassung liegt in der Zwischenablage."
CONFLICT_SOMEONE = "Jemand anderes"
NOT_FOUND = "Der Eintrag wurde inzwischen von jemand anderem gelöscht. Die Anzeige wurde neu geladen."

# Agenda editor
AGENDA_TITLE = "Tagesordnung · Treffen Nr. {number} · {title}"
AGENDA_COLUMNS = ("TOP", "Titel", "Kennzahl", "Kommune", "Zeitraum", "Status")
AGENDA_EMPTY = "Noch keine Punkte. a: neuer Punkt · v: Vorschläge"
PROPOSALS_TITLE = "Vorschläge für die Tagesordnung (Enter übernimmt, Entf verwirft)"
PROPOSALS_COLUMNS = ("Herkunft", "Vorschlag", "Kennzahl", "Kommune")
PROPOSALS_NONE = "Keine weiteren Vorschläge."
PROPOSAL_KINDS = {
    "deferred": "vertagt",
    "undiscussed": "nicht behandelt",
    "action": "offene Aufgabe",
    "candidate": "auffällige Zahl",
}
PROPOSAL_ACCEPTED = "Als TOP {position} übernommen."
PROPOSAL_DROPPED = "Vorschlag verworfen (nur in dieser Sitzung)."


def proposal_title(kind: str, text: str, indicator_name: str | None,
                   municipality: str | None, owner: str | None) -> str:
    """The title an accepted proposal gets on the agenda."""
    if kind == "action":
        return f"Offene Aufgabe: {text}" + (f" ({owner})" if owner else "")
    if kind == "candidate":
        name = indicator_name or ""
        return f"{name}: {municipality}" if municipality else name
    return text


def item_title(title: str, source: str | None, ags: str | None, municipality: str | None,
               shown_name: str | None) -> str:
    """An agenda item's title as shown. A TOP made from a striking figure stores only the
    indicator (and the AGS in its link): the member is named, or pseudonymised, when shown.
    Items stored before that carry the name in their title already."""
    if (source or "").startswith("candidate:") and ags and shown_name \
            and not title.endswith(f": {municipality}"):
        return f"{title}: {shown_name}"
    return title


# Meeting mode
MASKED_NOTE = "pseudonymisiert – nur lesen"
MASKED_NOTE_EDIT = ("Dieser Text nennt eine Kommune und ist pseudonymisiert angezeigt; "
                    "bearbeiten erst nach F8 (Pseudonyme aus).")
MODE_START_AT = "Bei TOP {position} „{title}“ beginnen? (n: bei TOP 1)"
MODE_HEADER = "Nr. {number} · {title} · TOP {position} von {count} · {status}"
MODE_HEADER_EMPTY = "Nr. {number} · {title}"
MODE_NO_ITEMS = "Die Tagesordnung ist leer. Esc führt zurück."
MODE_NO_FIGURES = "Kein Kennzahlbezug (oder kein Zeitraum): keine Zahlen zu diesem Punkt."
MODE_FIGURES_FROZEN = "Stand des Treffens"
MODE_FIGURES_CURRENT = "aktueller Stand"
MODE_COLUMNS = ("Kommune", "Wert", "Abw. Median", "geändert seit Treffen")
MODE_DISTRIBUTION = "Median {median} · mittlere Hälfte {q1}–{q3} · {n} Werte"
MODE_CHART_TITLE = "{code} ({unit}) – Linien von links: Q1, Median (rot), Q3"
MODE_HELD = "Treffen als stattgefunden markiert; {count} Zahlen festgehalten."
MODE_REOPENED = "Treffen wieder als geplant markiert."
MODE_STATUS_SET = "TOP {position}: {status}."
MODE_ACTION_ADDED = "Aufgabe angelegt."
NOTES_PLACEHOLDER = "Notizen zu diesem Punkt (werden sofort gespeichert)"
DECISIONS_PLACEHOLDER = "Beschlüsse zu diesem Punkt (werden sofort gespeichert)"

# Action items
ACTIONS_TITLE = "Aufgaben · {title}"
ACTIONS_COLUMNS = ("Aufgabe", "Verantwortlich", "Fällig", "erl.", "aus Treffen")
ACTIONS_EMPTY = "Keine Aufgaben. a legt eine an."

# Export
EXPORT_TITLE = "Treffen exportieren"
EXPORT_DONE = "Exportiert: {path}"
EXPORT_DONE_MEETING = ("Treffen Nr. {number} exportiert: {path}\n"
                       "Auf der Kommandozeile: {command}")
EXPORT_FAILED = "Export fehlgeschlagen: {error}"
EXPORT_MISSING = "Treffen {meeting} gibt es in {db} nicht."

# Documents (agenda and minutes)
DOC_AGENDA = "Tagesordnung: {title}"
DOC_MINUTES = "Protokoll: {title}"
DOC_RING = "Vergleichsring"
DOC_PERIOD = "Berichtszeitraum"
DOC_DATE = "Datum"
DOC_PLACE = "Ort"
DOC_STATUS = "Status"
DOC_CREATED = "Erstellt"
DOC_SYNTHETIC = "Achtung: synthetische Demodaten (erfundene Kommunen und Zahlen)."
DOC_ITEMS = "Tagesordnung"
DOC_TOP = "TOP {position}: {title}"
DOC_LINK_INDICATOR = "Kennzahl"
DOC_LINK_MUNICIPALITY = "Kommune"
DOC_LINK_PERIOD = "Zeitraum"
DOC_NOTES = "Notizen"
DOC_DECISIONS = "Beschlüsse"
DOC_NONE = "–"
DOC_FIGURES_FROZEN = "Zahlen wie besprochen: {indicator}, {period}"
DOC_FIGURES_CURRENT = "Zahlen (aktueller Stand, Treffen noch nicht abgeschlossen): {indicator}, {period}"
DOC_FIGURE_COLUMNS = ("Kommune", "Wert", "Status", "Abweichung vom Median", "heute")
DOC_UNCHANGED = "unverändert"
DOC_DISTRIBUTION = "Median {median}; mittlere Hälfte {q1} bis {q3}; {n} Werte, {missing} fehlen."
DOC_ITEM_ACTIONS = "Aufgaben zu diesem Punkt"
DOC_ACTIONS = "Aufgaben aus diesem Treffen"
DOC_CARRIED = "Offene Aufgaben aus früheren Treffen"
DOC_ACTION_COLUMNS = ("Aufgabe", "Verantwortlich", "Fällig", "Erledigt")
DOC_CARRIED_COLUMNS = ("Aufgabe", "Verantwortlich", "Fällig", "aus Treffen")
DOC_DONE_SINCE = "Seit dem letzten Treffen erledigt"
DOC_DONE_SINCE_COLUMNS = ("Aufgabe", "Verantwortlich", "erledigt am", "aus Treffen")
OVERDUE = "überfällig"
HELD_OPEN_ITEMS = " Noch offen: {count} TOP(s) ({positions})."
HELD_FUTURE_DATE = (" Geplant war der {planned} – eingetragen wird heute, {today} "
                    "(sonst das Datum mit e in der Treffenliste ändern).")
DOC_CHANGES = "Seit dem Treffen geänderte Zahlen"
DOC_CHANGE_COLUMNS = ("Kennzahl", "Zeitraum", "Kommune", "im Treffen", "heute")
DOC_YES = "ja"
DOC_NO = "nein"


def agenda_command(number: int, minutes: bool, kind: str, db: str | Path | None) -> str:
    """The command line that writes the same document again (for scripts and e-mail)."""
    words = ["ringvergleich", "agenda", str(number)]
    if minutes:
        words.append("--minutes")
    if kind != "md":
        words += ["--format", kind]
    if db:
        words += ["--db", str(db)]
    return shlex.join(words)


def period_text(period: str | None) -> str:
    return periods.label(period) if period else "–"


def conflict_message(error: StoreError) -> str:
    """Who changed what and when, for a refused edit (or a deleted row)."""
    if error.reason == "not_found":
        return NOT_FOUND
    who = getattr(error, "by", None) or CONFLICT_SOMEONE
    try:
        local = datetime.fromisoformat(getattr(error, "at", None) or "").astimezone()
        when = f"am {local:%d.%m.} um {local:%H:%M} Uhr"
    except ValueError:
        when = "inzwischen"
    what = CONFLICT_WHAT.get(getattr(error, "table", ""), "diesen Eintrag")
    return CONFLICT.format(who=who, what=what, when=when)


def invalid_message(error: StoreError) -> str:
    return INVALID_FIELDS.get(error.detail, f"Ungültige Angabe: {error.detail}")


# Unsaved text (held lock, full disk, lost connection) and the local journal
JOURNAL_LABEL = "Treffen {number} „{meeting}“, TOP {position} „{title}“ – {field}"
NOT_SAVED = "nicht gespeichert"
NOT_SAVED_BECAUSE = "Text nicht gespeichert:"
KEPT_IN_JOURNAL = ("Er bleibt hier stehen, ist lokal gesichert und wird alle paar Sekunden "
                   "erneut gespeichert.")
KEPT_ON_SCREEN_ONLY = ("Er bleibt hier stehen und wird erneut gespeichert; auch die lokale "
                       "Sicherung schlug fehl – bitte das Programm nicht beenden.")
SAVED_AFTER_TROUBLE = "Text jetzt gespeichert."
STAY_UNSAVED = ("Der Text ist noch nicht gespeichert; die Ansicht bleibt, bis er gespeichert "
                "ist (er ist lokal gesichert).")
FORM_KEPT = "Nichts gespeichert; die Eingaben bleiben stehen – F2 versucht es erneut."

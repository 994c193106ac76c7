"""All user-visible texts of the interface (German): general ones here, each area in its own module."""

from __future__ import annotations

from store.db import StoreError

APP_TITLE = "Ringvergleich"
SYNTHETIC_BADGE = "SYNTHETISCHE DEMODATEN"
READONLY_BADGE = "nur lesen"

STORE_ERRORS = {
    "missing": "Die Datenbank {path} gibt es nicht.",
    "locked": "Die Datenbank {path} ist gesperrt: ein anderes Programm schreibt gerade. "
              "Bitte später erneut versuchen.",
    "corrupt": "Die Datei {path} ist keine lesbare SQLite-Datenbank oder beschädigt.",
    "foreign": "Die Datei {path} ist keine Ringvergleich-Datenbank.",
    "too_new": "Die Datenbank {path} stammt aus einer neueren Version von Ringvergleich. "
               "Bitte das Programm aktualisieren.",
    "needs_migration": "Die Datenbank {path} muss erst aktualisiert werden; bitte einmal "
                       "ohne --read-only öffnen.",
    "readonly": "Die Datenbank {path} ist nur lesend geöffnet.",
    "conflict": "Jemand anderes hat diesen Eintrag inzwischen geändert. Die Anzeige wurde neu "
                "geladen; bitte die Änderung erneut vornehmen.",
    "not_found": "Der Eintrag wurde inzwischen gelöscht.",
    "invalid": "Ungültige Angabe: {detail}",
}


def store_error(error: StoreError) -> str:
    return STORE_ERRORS[error.reason].format(path=error.path or "", detail=error.detail)


# Home screen
HOME_TITLE = "Vergleichsringe"
HOME_COLUMNS = ("Ring", "Mitglieder", "Daten bis", "Nächstes Treffen")
HOME_EMPTY = "Noch keine Ringe. Stammdaten mit „ringvergleich import“ laden."
HOME_HINT = "Enter: Ring öffnen · ?: Tasten · Strg+P: Suchen · Strg+Q: Beenden"

# Help
HELP_TITLE = "Tasten dieser Ansicht"
HELP_CLOSE = "Escape oder ? schließt die Hilfe."

# Error screen
ERROR_TITLE = "Datenbank kann nicht geöffnet werden"
ERROR_HINT = "q oder Escape beendet das Programm."

# Sample data
SAMPLE_COPIED = "Beispieldaten: Arbeitskopie unter {path} (die mitgelieferte sample.db bleibt unverändert)."

# Key descriptions (footer and help)
KEY_QUIT = "Beenden"
KEY_HELP = "Hilfe"
KEY_BACK = "Zurück"
KEY_OPEN = "Öffnen"
KEY_SEARCH = "Suchen"
KEY_IMPORT = "Import"

NAVIGATION_HELP = [
    ("↑ ↓ ← → / h j k l", "bewegen"),
    ("Bild↑ / Bild↓, Pos1 / Ende", "seitenweise, an den Anfang oder das Ende"),
    ("Enter", "auswählen, tiefer gehen"),
    ("Tab / Umschalt+Tab", "nächstes oder voriges Feld"),
    ("Strg+P", "Ring, Kommune oder Kennzahl suchen"),
]

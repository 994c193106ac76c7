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


STORE_ERRORS.update({
    "full": "Der Speicherplatz für {path} ist voll: nichts wurde geschrieben. Bitte Platz "
            "schaffen und erneut versuchen.",
    "io": "Die Datenbank {path} ist gerade nicht erreichbar (Ein-/Ausgabefehler: {detail}). "
          "Bitte erneut versuchen.",
})

# Output files (CLI --out, backups)
OUT_EXISTS = "{path} gibt es schon; --force ersetzt die Datei."
OUT_IS_DATABASE = "{path} ist eine Datenbank und wird nie überschrieben."
OUT_NOT_FILE = "{path} ist keine normale Datei."
OUT_FAILED = "{path} konnte nicht geschrieben werden: {error}"
BACKUP_DONE = "Sicherung von {db} geschrieben: {path}"


def store_error(error: StoreError) -> str:
    return STORE_ERRORS[error.reason].format(path=error.path or "", detail=error.detail)


# Team database (RINGVERGLEICH_DB or config.toml)
CONFIG_UNREADABLE = "Die Einstellungen {path} sind nicht lesbar: {error}"
CONFIG_BAD_DB = "In {path} muss db ein Dateipfad sein, z. B. db = \"/srv/ringvergleich/team.db\"."

# Home screen
HOME_TITLE = "Vergleichsringe"
HOME_COLUMNS = ("Ring", "Nr.", "Mitglieder", "Daten bis", "Nächstes Treffen")
HOME_EMPTY = "Noch keine Ringe. Stammdaten mit „ringvergleich import“ laden."

# Help
HELP_TITLE = "Tasten dieser Ansicht"

# Error screen
ERROR_TITLE = "Datenbank kann nicht geöffnet werden"

# Sample data
SAMPLE_COPY_FAILED = ("Die Arbeitskopie der Beispieldaten konnte nicht angelegt werden "
                      "({error}); bitte Speicherplatz prüfen oder eine Datenbank angeben.")
SAMPLE_COPIED = "Beispieldaten: Arbeitskopie unter {path} (die mitgelieferte sample.db bleibt unverändert)."


PICK_COLUMN = "Zu Spalte springen (Code oder Name, Enter springt, Escape bricht ab)"
PICK_COLUMN_PLACEHOLDER = "z. B. K3 oder Sanktion"
COLUMN_NOT_MOVABLE = "Rahmenbedingungen stehen immer hinter den Kennzahlen des Rings."
PICK_PERIOD = "Quartal wählen (Enter übernimmt, Esc bricht ab)"
NOTE_TITLE = "Anmerkung zu einem Wert"
NOTE_PLACEHOLDER = "Warum weicht der Wert ab? …"
NOTE_HINT = "Enter speichert, Esc bricht ab."
NOTE_SAVED = "Anmerkung gespeichert."
NOTE_KEPT = ("Die Anmerkung ist lokal gesichert und wird beim nächsten Start zum Übernehmen "
             "angeboten.")
NOTE_KEPT_NOWHERE = "Auch die lokale Sicherung schlug fehl; die Anmerkung ist nicht gespeichert."
NOTE_NO_CELL = "Bitte zuerst einen Wert (Kommune und Kennzahl) auswählen."
EXPORT_TITLE = "Aktuelle Ansicht exportieren"
EXPORT_DONE = "Exportiert: {path}"
EXPORT_FAILED = "Export fehlgeschlagen: {error}"
COPY_DONE = (
    "{rows} Zeilen als Tabulator-Text kopiert (auch über SSH per OSC 52; "
    "in tmux: set -g set-clipboard on)."
)
PSEUDO_ON = "Pseudonymisiert: andere Kommunen erscheinen als „Kommune A, B, …“."
PSEUDO_OFF = "Namen werden wieder angezeigt."
PALETTE_PLACEHOLDER = "Ring, Kommune oder Kennzahl suchen …"
PSEUDO_BADGE = "PSEUDONYMISIERT"
PSEUDO_CONFIRM_OFF = ("Pseudonyme ausschalten? Danach zeigen alle Ansichten wieder echte Namen "
                      "und genaue Einwohnerzahlen (Vorsicht am Beamer).")
PSEUDO_SIZES_HIDDEN = "Größenangaben: pseudonymisiert ausgeblendet"
OWN_SET = "Eigene Kommune: {name} (bleibt beim Pseudonymisieren sichtbar)."
OWN_SET_SESSION = ("Eigene Kommune: {name} – gilt für diese Sitzung, konnte aber nicht "
                   "gespeichert werden ({error}).")
LOAD_FAILED = "Laden fehlgeschlagen: {error}"
NO_DATA = "Keine Daten für diesen Zeitraum."
PSEUDONYM = "Kommune {letter}"

# One rule for ▲/▼ on the ring, indicator and profile screens (store.compare: robust z ≥ 1).
LEGEND_SHORT = ("▲ günstig ▼ ungünstig: ab einer robusten Abweichung (1,48 × MAD) vom Median\n"
                "● auffällig, ohne Wertung · p vorl. r rev. s gesch. – fehlt . geheim ° Anm.")

# Pseudonyms (kit.pseudonyms): size classes shown instead of figures that give a member away,
# and the words around a place in a municipality's name.
SIZE_CLASS_LABELS = ("unter 100 Tsd.", "100–250 Tsd.", "250–500 Tsd.", "500 Tsd.–1 Mio.")
SIZE_CLASS_TOP = "ab 1 Mio."
DENSITY_CLASS_LABELS = ("unter 150", "150–300", "300–1.000")
DENSITY_CLASS_TOP = "ab 1.000"
MUNICIPALITY_KIND_WORDS = ("Landkreis", "Kreis", "Stadt", "Städteregion", "Regionalverband",
                           "Region", "Jobcenter", "kreisfreie", "LK")

DIRECTION_WORDS = {
    "up": "höher ist günstiger",
    "down": "niedriger ist günstiger",
    "neutral": "ohne Wertung",
}
ASSESSMENT_WORDS = {"favourable": "günstiger", "unfavourable": "ungünstiger", "neutral": "ohne Wertung"}
KIND_WORDS = {
    "outcome": "Kennzahl", "supplementary": "Ergänzungsgröße", "context": "Rahmenbedingung",
    "process": "Prozessgröße",
}
AGGREGATION_WORDS = {
    "last": "letzter Monat des Quartals", "sum": "Summe der Monate", "mean": "Mittel der Monate",
    "pooled": "gepoolt (Summe Zähler ÷ Summe Nenner)",
}
REFERENCE_WORDS = {
    "ring": "Ring", "zkT": "alle zkT", "gE": "alle gE", "type": "eigener Vergleichstyp",
    "all": "alle Kommunen",
}
RING_GONE = "Diesen Ring gibt es nicht mehr."

# Indicator screen
TAB_TABLE = "Tabelle"
TAB_BARS = "Balken"
TAB_SERIES = "Verlauf"
INDICATOR_COLUMNS = ("Kommune", "Wert", "Abw.", "Abw. %", "ggü. Vorq.", "ggü. Vorj.", "Status")
INDICATOR_LEGEND = ("▲ günstig ▼ ungünstig: ab einer robusten Abweichung (1,48 × MAD) vom Median\n"
                    "Abw. = Abstand zum Median{points} · ● Ausreißer (1,5 × IQR)")
DEVIATION_POINTS = "Abw. Pp."
POINTS_NOTE = " in Prozentpunkten (Pp.)"
STATUS_NAMES = {  # every status by name (documents, CLI, reasons)
    "final": "endgültig", "provisional": "vorläufig", "revised": "revidiert",
    "estimated": "geschätzt", "missing": "fehlt", "confidential": "geheim",
}
STATUS_WORDS = {**STATUS_NAMES, "final": ""}  # in a table only what is not final stands out
STATUS_SHORT = {
    "final": "", "provisional": "vorl.", "revised": "rev.", "estimated": "gesch.",
    "missing": "fehlt", "confidential": "geheim",
}
TOO_FEW = "zu wenige Werte für belastbare Kennwerte"
RANGE_WORDS = {8: "2 Jahre", 12: "3 Jahre", 20: "5 Jahre", 0: "alle Quartale"}

# Municipality profile
TAB_FIGURES = "Kennzahlen"
TAB_CHART = "Grafik"
TAB_MORE = "Praxis & Notizen"
PROFILE_COLUMNS = ("Kz.", "Kennzahl", "Wert", "Median", "Abw.", "ggü. Vorj.", "St.")
CONTEXT_HEADING = "Rahmenbedingungen"
PRACTICES_HEADING = "Übernommene gute Praxis"
NOTES_HEADING = "Anmerkungen"
NO_PRACTICES = "keine erfasst"
NO_NOTES = "keine"
NO_RING = "in keinem Ring – Vergleich mit allen Kommunen"
PROFILE_CHART_TITLE = "Abstand zum Median in robusten Standardabweichungen (Linie bei 0: Median)"

"""German texts of the quarter cycle: collection templates, delivery status, ring report."""

from __future__ import annotations

# Command line
CLI_RING = "Name des Vergleichsrings (oder seine Nummer)"
CLI_PERIOD = "Quartal JJJJ-Qn oder Qn/JJJJ"
CLI_TEMPLATE_OUT = "Verzeichnis für die Bögen (eine Datei je Mitglied)"
CLI_REPORT_OUT = "Zieldatei (.html oder .md)"
CLI_FORCE = "vorhandene Dateien überschreiben"
CLI_PSEUDO = "andere Kommunen als „Kommune A, B, …“ (eigene Kommune ausgenommen)"
CLI_OWN = "eigene Kommune (AGS): bleibt beim Pseudonymisieren sichtbar"
CLI_FORMAT = "html (Standard) oder md (Markdown zum Einfügen ins Protokoll)"
CLI_DB = "Datenbank (Standard: Arbeitskopie der Beispieldaten)"

TEMPLATES_WRITTEN = "{count} Erhebungsbögen für {period} geschrieben nach {directory}"
TEMPLATES_EXIST = ("Nichts geschrieben: {count} Bögen gibt es schon ({first} …). "
                   "Mit --force überschreiben.")
NO_MEMBERS = "Der Ring hat im {period} keine Mitglieder."
WRITE_FAILED = "Schreiben fehlgeschlagen: {error}"
REPORT_WRITTEN = "Bericht geschrieben: {path} ({size})"
REPORT_EXISTS = "{path} gibt es schon; mit --force überschreiben."
UNKNOWN_OWN = "Unbekannte eigene Kommune (AGS) „{ags}“."

# Delivery status screen
DELIVERY_TITLE = "Lieferstand"
DELIVERY_HELP = (
    "Zeilen: Mitglieder im gewählten Quartal; Spalten: die Kennzahlen, die der Ring selbst "
    "erhebt. ✓ geliefert, p vorläufig, – fehlt, ! unplausibel: außerhalb des plausiblen "
    "Bereichs des Katalogs oder ein Sprung – die Veränderung zum Vorquartal weicht um mehr "
    "als vier robuste Abweichungen von den üblichen Quartalsveränderungen der Kommune "
    "(letzte drei Jahre) ab. Darunter: was bei wem nachzufragen ist; y kopiert diese Liste."
)
STATE_MARKS = {"delivered": "✓", "provisional": "p", "missing": "–", "implausible": "!"}
STATE_WORDS = {"delivered": "geliefert", "provisional": "vorläufig", "missing": "fehlt",
               "implausible": "unplausibel"}
DELIVERY_LEGEND = "✓ geliefert · p vorläufig · – fehlt · ! unplausibel (Bereich oder Sprung)"
DELIVERY_SUMMARY = ("{members} Mitglieder · {complete} vollständig · {missing} Werte fehlen · "
                    "{implausible} unplausibel · {provisional} vorläufig")
DELIVERY_NO_INDICATORS = "Der Ring erhebt keine eigenen Kennzahlen."
CHASE_HEADING = "Nachzufragen"
CHASE_NOTHING = "Nichts nachzufragen: alle Mitglieder haben geliefert."
CHASE_MISSING = "fehlt: {codes}"
CHASE_ALL_MISSING = "fehlt: alle {count} Kennzahlen ({codes})"
CHASE_MORE = "… {count} weitere – y kopiert die ganze Liste"
CHASE_IMPLAUSIBLE = "prüfen: {codes}"
CHASE_PROVISIONAL = "vorläufig: {codes}"
CHASE_COPIED = "Nachfrageliste kopiert ({count} Kommunen)."
REASON_RANGE = "außerhalb {low} bis {high}"
REASON_JUMP = "Sprung {change} zum Vorquartal, üblich {usual} ± {scale}"
TEMPLATES_EXIST_SCREEN = ("Nichts geschrieben: die Bögen gibt es schon in {directory}. "
                          "Zum Neuschreiben den Ordner erst umbenennen oder leeren.")
TEMPLATES_DONE = "{count} Erhebungsbögen geschrieben: {directory}"
REPORT_DONE = "Bericht geschrieben: {path}"

# Report
REPORT_TITLE = "Quartalsbericht {period} – {ring}"
REPORT_INTRO = ("Verteilung der Kennzahlen im Ring: Anzahl, Minimum, Quartile, Median und "
                "Maximum; für jedes Mitglied Wert, Veränderung zum Vorquartal und Status. "
                "Ein Vergleich zum Lernen, keine Rangliste.")
REPORT_PSEUDONYMISED = "Pseudonymisiert: andere Kommunen erscheinen als „Kommune A, B, …“."
REPORT_SYNTHETIC = "Synthetische Demodaten: erfundene Kommunen und Zahlen."
REPORT_STATS = ("n", "Minimum", "1. Quartil", "Median", "3. Quartil", "Maximum")
REPORT_MEMBER_HEADERS = ("Kommune", "Wert", "ggü. Vorquartal", "Status")
REPORT_CONTEXT = "Rahmenbedingungen"
REPORT_CONTEXT_NOTE = "Örtliche Bedingungen, ohne Wertung."
REPORT_NOTES = "Anmerkungen"
REPORT_NO_NOTES = "Keine Anmerkungen für dieses Quartal."
REPORT_EXPECTED = "Erwartungswerte"
REPORT_EXPECTED_NONE = "Keine Kennzahl des Rings hat einen Erwartungswert aus den Rahmenbedingungen."
REPORT_EXPECTED_HEADERS = ("Kommune", "Wert", "Erwartet", "Residuum", "ggü. Erwartung")
REPORT_EXPECTED_CHART = "Residuen der Mitglieder (Punkte) um null (Linie: wie erwartet)"
REPORT_EXPECTED_REFUSED = "Ohne Modell"
REPORT_EXPECTED_REFUSED_HEADERS = ("Kennzahl", "Bezeichnung", "Grund")
REPORT_EXPECTED_COUNTS = "Ohne Erwartungswert (absolute Zahlen bilden nur die Größe ab): {codes}."
REPORT_CHART = "Mitglieder (Punkte) vor dem Band vom 1. bis 3. Quartil, Linie: Median"
REPORT_SERIES = "Verlauf: Median des Rings (Linie), Band 1.–3. Quartil, letzte {count} Quartale"
REPORT_WITHOUT_VALUES = ("Ohne Werte in diesem Quartal (noch nicht geliefert oder noch nicht "
                         "veröffentlicht): {codes}.")
REPORT_TOO_FEW = "weniger als 3 Werte – Kennwerte nur eingeschränkt aussagekräftig"
REPORT_DIRECTION = {"up": "höher ist günstiger", "down": "niedriger ist günstiger",
                    "neutral": "ohne Wertung"}
REPORT_FOOTER = "Erstellt mit Ringvergleich · {day}"

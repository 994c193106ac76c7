"""German texts of the import: problem reasons, layouts, summaries, CLI and import screen."""

from __future__ import annotations

from importers.problems import Problem
from tui.kit import format as fmt
from tui.kit import texts

KINDS = {
    "figures": "Kennzahlen",
    "municipalities": "Stammdaten Kommunen",
    "rings": "Stammdaten Vergleichsringe",
    "indicators": "Kennzahldefinitionen",
}
LAYOUTS = {
    "long": "lang (eine Zeile je Kommune, Kennzahl und Periode)",
    "wide-indicator": "breit nach Kennzahl (eine Spalte je Kennzahl)",
    "wide-period": "breit nach Periode (eine Spalte je Periode)",
    "genesis-csv": "GENESIS-Tabelle (CSV, Regionaldatenbank/GENESIS-Online)",
    "genesis-ffcsv": "GENESIS-Flatfile (ffcsv)",
    "genesis-xlsx": "GENESIS-Tabelle (Excel)",
    "ba-csv": "Statistik der Bundesagentur für Arbeit (CSV)",
    "gvisys": "Gemeindeverzeichnis (GV-ISys): Kreise anlegen oder aktualisieren",
    "template": "Erhebungsbogen des Rings (Kommune und Quartal aus dem Bogen)",
}
CONVENTIONS = {
    "de": "Dezimalkomma, Tausenderpunkt",
    "en": "Dezimalpunkt",
    "machine": "Zahlen aus der Tabellenkalkulation",
}
SEPARATORS = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
ROLES = {
    "municipality": "Kommune (AGS oder Name)", "ags": "AGS", "name": "Name",
    "indicator": "Kennzahl", "period": "Periode", "value": "Wert", "ring": "Ring",
    "since": "Mitglied seit", "until": "Mitglied bis", "carrier": "Träger (zkT/gE)",
    "code": "Code", "direction": "Richtung", "kind": "Art", "wide-indicator": "Kennzahlspalten",
    "wide-period": "Periodenspalten",
}

REASONS = {
    "unreadable": "Datei kann nicht gelesen werden ({detail})",
    "empty": "die Datei enthält keine Datenzeilen",
    "no_header": "keine Kopfzeile mit Spaltennamen gefunden",
    "sheet_not_found": "Tabellenblatt nicht gefunden; vorhanden: {detail}",
    "layout_unknown": "Aufbau nicht erkannt (Spalten: {detail}); mit --layout angeben",
    "layout_ambiguous": "Spalten für Kennzahlen und für Perioden zugleich; mit --layout angeben",
    "layout_mismatch": "für diesen Aufbau fehlt: {detail}",
    "missing_column": "Spalte fehlt: {detail}",
    "unknown_column": "Spalte ist weder Schlüssel noch Kennzahl oder Periode",
    "duplicate_column": "Spalte meint dasselbe wie „{detail}“",
    "indicator_not_given": "keine Kennzahlspalte und keine eindeutige Kennzahl im Titel{detail}",
    "period_not_given": "keine Periodenspalte und keine eindeutige Periode im Titel{detail}",
    "missing_value": "Pflichtangabe fehlt: {detail}",
    "unknown_municipality": "Kommune unbekannt (zuerst Stammdaten der Kommunen importieren)",
    "ambiguous_municipality": "Name passt auf mehrere Kommunen: {detail}; bitte AGS angeben",
    "unknown_indicator": "Kennzahl unbekannt",
    "bad_number": "keine Zahl",
    "bad_integer": "keine ganze Zahl",
    "bad_period": "keine Periode (erwartet z. B. 2024-Q1, Q1/2024, 1. Quartal 2024, 2024-03, "
                  "03/2024, März 2024, 202403)",
    "bad_status": "unbekanntes Statuskennzeichen (erlaubt: endgültig, vorläufig/p, "
                  "revidiert/r, geschätzt/s, fehlt, vertraulich)",
    "bad_date": "kein Datum (erwartet z. B. 01.01.2024 oder 2024-01-01)",
    "bad_dates_order": "Ende liegt vor dem Beginn ({detail})",
    "bad_ags": "kein gültiger Regionalschlüssel (2 bis 12 Ziffern)",
    "bad_carrier": "Träger muss zkT oder gE sein",
    "bad_direction": "Richtung muss up/hoch, down/niedrig oder neutral sein",
    "bad_kind": "Art muss Kennzahl, Ergänzungsgröße, Rahmenbedingung oder Prozess sein",
    "bad_aggregation": "Aggregation muss last, sum, mean oder pooled sein",
    "duplicate": "kommt doppelt vor (zuerst in Zeile {detail})",
    "out_of_range": "außerhalb des plausiblen Bereichs {detail}",
    "no_mapping": "keinem Merkmal der Tabelle ist eine Kennzahl zugeordnet. Merkmale: {detail}. "
                  "Zuordnen mit --map 'Merkmal=CODE' (vorhandene Kennzahl) oder "
                  "--map 'Merkmal=+CODE' (neue Rahmenbedingung); im Importdialog im Feld "
                  "„Zuordnung“. Die Zuordnung wird für die nächste Datei gespeichert.",
    "no_known_region": "keine Zeile für einen Kreis der Datenbank ({detail} Kreise nicht in der "
                       "Datenbank); die Kreise zuerst mit dem Gemeindeverzeichnis anlegen",
    "bad_mapping": "Zuordnung nicht verstanden (erwartet Merkmal=CODE oder Merkmal=+CODE)",
    "unknown_mapping_indicator": "Kennzahl {detail} unbekannt; als neue Rahmenbedingung "
                                 "anlegen mit „=+{detail}“",
    "bad_decimals": "zu viele Nachkommastellen (höchstens {detail})",
    "bad_range": "Minimum größer als Maximum ({detail})",
    "not_regular": "keine normale Datei (Pipe, Gerät oder Verzeichnis) – nicht gelesen",
    "too_large": "Datei ist größer als {detail} – nicht gelesen",
    "too_large_unpacked": "Arbeitsmappe würde entpackt größer als {detail} (oder ist "
                          "verdächtig stark gepackt) – nicht gelesen",
    "cell_too_large": "Zelle ist länger als {detail} Zeichen",
    "too_many_columns": "Zeile hat mehr als {detail} Spalten – nicht gelesen",
    "too_many_rows": "Datei hat mehr als {detail} Zeilen – nicht gelesen",
    "name_mismatch": "Name passt nicht zum Regionalschlüssel ({detail})",
    "bad_range_stored": "Maximum kleiner als das gespeicherte Minimum ({detail})",
    "ring_case": "Ringname unterscheidet sich von „{detail}“ nur in Groß-/Kleinschreibung",
    "mixed_encoding": "Zeichenkodierung gemischt (UTF-8 und Windows-1252): Umlaute würden "
                      "verfälscht; bitte die Datei einheitlich als UTF-8 speichern",
    "unknown_ring": "Vergleichsring unbekannt",
    "template_changed": "Erhebungsbogen verändert: Kommune, Quartal und Kennung passen nicht "
                        "zusammen (Bogen einer anderen Kommune oder eines anderen Quartals?) – "
                        "bitte den Originalbogen verwenden",
    "not_member": "Kommune ist in diesem Quartal kein Mitglied des Rings „{detail}“",
    "wrong_period": "Erhebungsbogen für ein anderes Quartal; erwartet: {detail}",
}


def _detail(problem: Problem) -> str:
    detail = problem.detail
    if problem.reason == "out_of_range":
        low, _, high = detail.partition("|")
        low_text = fmt.number(float(low), 1) if low else "−∞"
        high_text = fmt.number(float(high), 1) if high else "∞"
        return f"{low_text} bis {high_text}"
    if problem.reason in ("missing_value", "missing_column", "layout_mismatch"):
        return ROLES.get(detail, detail)
    if problem.reason == "no_mapping":
        return "; ".join(f"„{m}“" for m in detail.split("|") if m) or "–"
    if problem.reason in ("indicator_not_given", "period_not_given"):
        return f" (gefunden: {detail.replace('|', ', ')})" if detail else ""
    return detail.replace("|", ", ")


def reason(problem: Problem) -> str:
    return REASONS[problem.reason].format(detail=_detail(problem))


def where(problem: Problem) -> str:
    parts = [problem.file]
    if problem.row is not None:
        parts.append(f"Zeile {problem.row}")
    if problem.column:
        parts.append(f"Spalte „{problem.column}“")
    return ", ".join(parts)


def problem_line(problem: Problem) -> str:
    """'kennzahlen.csv, Zeile 12, Spalte „Wert“: „abc“ – keine Zahl' (control characters
    removed, so a file can never drive the terminal)."""
    value = f" „{problem.value}“" if problem.value is not None else ""
    return fmt.clean(f"{where(problem)}:{value} – {reason(problem)}")


# Summaries (CLI and screen)
SUMMARY = "{name}: {kind}, {rows} Zeilen – {new} neu, {changed} geändert, {unchanged} unverändert"
SUMMARY_RINGS = " ({count} neue Ringe)"
SUMMARY_NOTES = ", {count} Anmerkung(en)"
NOTHING_DELIVERED = "{name}: keine Angaben – nichts geliefert, nichts geändert"
SKIPPED = "{count} leere Zellen übersprungen"
# (one, several): a count of 1 takes the singular.
REGIONS_AGGREGATE = ("{count} Summenzeile (Deutschland, Land, Regierungsbezirk oder Gemeinde) "
                     "übersprungen",
                     "{count} Summenzeilen (Deutschland, Länder, Regierungsbezirke, Gemeinden) "
                     "übersprungen")
REGIONS_UNKNOWN = ("{count} Kreis nicht in der Datenbank – übersprungen; mit dem "
                   "Gemeindeverzeichnis anlegen",
                   "{count} Kreise nicht in der Datenbank – übersprungen; mit dem "
                   "Gemeindeverzeichnis anlegen")
REGIONS_DISSOLVED = ("{count} aufgelöster Kreis ohne Werte übersprungen",
                     "{count} aufgelöste Kreise ohne Werte übersprungen")
MAPPED = "Zuordnung: {pairs}"
GVISYS_CARRIER = ("neue Kreise erhalten den Träger gE (das Gemeindeverzeichnis kennt ihn nicht); "
                  "Optionskommunen mit einer Stammdatendatei AGS;Name;Träger auf zkT setzen")
UNMAPPED = "nicht zugeordnet (ignoriert): {measures}"
ALREADY = ("{name}: bereits am {day} von {user} importiert (gleiche Datei, SHA-256) – "
           "nichts geändert")
DRY_RUN = "Probelauf: nichts wurde geschrieben."
FAILED = "{name}: {count} Problem(e) – nichts importiert"
STORE_FAILED = "{name}: nicht geschrieben – {message}"
PROGRESS = {"read": "lesen", "check": "prüfen", "write": "schreiben"}


def already(name: str, previous: dict) -> str:
    return fmt.clean(ALREADY.format(name=name, day=fmt.iso_date(previous["imported_at"]),
                                    user=previous["imported_by"] or "?"))


def summary(name: str, kind: str | None, counts) -> str:
    if counts.previous is not None:
        return already(name, counts.previous)
    if not counts.rows and not counts.notes:
        return fmt.clean(NOTHING_DELIVERED.format(name=name))
    text = SUMMARY.format(name=name, kind=KINDS.get(kind or "", kind), rows=_n(counts.rows),
                          new=_n(counts.new), changed=_n(counts.changed),
                          unchanged=_n(counts.unchanged))
    if counts.rings_new:
        text += SUMMARY_RINGS.format(count=counts.rings_new)
    if counts.notes:
        text += SUMMARY_NOTES.format(count=counts.notes)
    return fmt.clean(text)


def _n(count: int) -> str:
    return fmt.number(count, 0)


# Undoing an import
UNDO_HINT = "Import Nr. {id} – rückgängig mit: ringvergleich import --undo {id}"
UNDONE = ("Import Nr. {id} ({name}) rückgängig gemacht: {restored} Werte wiederhergestellt, "
          "{removed} neu importierte Werte entfernt.")
UNDO_REFUSED = {
    "not_found": "Einen Import Nr. {id} gibt es nicht.",
    "undo_done": "Import Nr. {id} wurde bereits rückgängig gemacht.",
    "undo_later": "Import Nr. {later} hat Werte aus Import Nr. {id} später geändert; "
                  "bitte zuerst Import Nr. {later} rückgängig machen.",
    "undo_kind": "Import Nr. {id} enthält Stammdaten, keine Kennzahlen; nur Kennzahlen-Importe "
                 "lassen sich rückgängig machen.",
}


def undo_refused(error, import_id: int) -> str:
    if error.reason == "not_found":
        return UNDO_REFUSED["not_found"].format(id=import_id)
    if error.reason == "invalid":
        key, _, value = error.detail.partition(" ")
        if key in UNDO_REFUSED:
            return UNDO_REFUSED[key].format(id=import_id, later=value)
    return texts.store_error(error)


# CLI help
CLI_UNDO = ("einen Kennzahlen-Import rückgängig machen: die ersetzten Werte aus der Historie "
            "zurückholen, neu hinzugekommene entfernen")
CLI_FILES_OR_UNDO = "Bitte Dateien zum Importieren angeben oder --undo NR (nicht beides)."
CLI_FILES = "CSV-, Excel- (.xlsx) oder TOML-Dateien; Stammdaten werden vor Kennzahlen importiert"
CLI_DB = "Datenbank (Standard: die Arbeitskopie der Beispieldaten)"
CLI_DRY_RUN = "nur prüfen und anzeigen, was sich ändern würde; nichts schreiben"
CLI_LAYOUT = ("Aufbau statt automatischer Erkennung: long, wide-indicator, wide-period "
              "(Kennzahlen) oder municipalities, rings, indicators (Stammdaten)")
CLI_SHEET = "Tabellenblatt einer Excel-Datei (Name oder Nummer ab 1; Standard: das erste)"
CLI_QUIET = "keine Fortschrittsanzeige"
CLI_MAP = ("Merkmal einer amtlichen Tabelle einer Kennzahl zuordnen: 'Merkmal=CODE', mit "
           "'=+CODE' als neue Rahmenbedingung; mehrfach möglich, wird gespeichert")
CLI_PERIOD = ("nur Erhebungsbögen dieses Quartals annehmen (JJJJ-Qn); ein Bogen für ein "
              "anderes Quartal wird abgelehnt")

# Import screen
SCREEN_TITLE = "Datei importieren"
SCREEN_HELP = "Pfad eingeben und Enter drücken: Vorschau und Prüfung."
PATH_PLACEHOLDER = "Pfad zur CSV-, Excel- oder TOML-Datei"
SHEET_PLACEHOLDER = "Blatt (Excel)"
MAP_PLACEHOLDER = ("Zuordnung amtlicher Merkmale: Merkmal=CODE; Merkmal=+NEU (neue "
                   "Rahmenbedingung), Enter prüft")
LAYOUT_AUTO = "Aufbau: autom."
PICK_TITLE = "Datei wählen (Enter übernimmt, Esc bricht ab)"
NO_PATH = "Bitte zuerst einen Dateipfad eingeben."
NOT_FOUND = "Datei nicht gefunden: {path}"
CHECKING = "Datei wird gelesen und geprüft …"
WRITING = "Wird importiert …"
PREVIEW_KIND = "Inhalt: {kind}"
PREVIEW_LAYOUT = "Aufbau: {layout}"
PREVIEW_SOURCE = "Kopfzeile in Zeile {row}"
PREVIEW_ENCODING = "Kodierung {encoding}, Trennzeichen {separator}"
PREVIEW_SHEET = "Tabellenblatt „{sheet}“"
PREVIEW_NUMBERS = "Zahlen: {convention}"
PREVIEW_FROM_TITLE = "aus dem Titel: {what}"
PREVIEW_MEMBER = "Bogen für AGS {ags}, Quartal {period}"
PREVIEW_IGNORED = "nicht verwendet: {columns}"
PREVIEW_CHANGES = "Würde schreiben: {new} neu, {changed} geändert, {unchanged} unverändert"
PREVIEW_READY = "Bereit: F2 importiert."
PREVIEW_PROBLEMS = "{count} Problem(e): nichts wird importiert, bis die Datei korrigiert ist."
PREVIEW_MORE = "… und {count} weitere (alle: ringvergleich import --dry-run DATEI)"
PROBLEM_COLUMNS = ("Zeile", "Spalte", "Wert", "Grund")
ROW_HEADER = "Zeile"
NOTHING_TO_IMPORT = "Nichts zu importieren: erst eine geprüfte Datei ohne Probleme laden."
IMPORTED = "Importiert: {summary}"
UNEXPECTED = "Unerwarteter Fehler beim Import: {error}"
LAYOUT_SHORT = {
    "long": "lang", "wide-indicator": "breit: Kennzahlen", "wide-period": "breit: Perioden",
    "municipalities": "Kommunen", "rings": "Ringe", "indicators": "Kennzahldefinitionen",
    "template": "Erhebungsbogen",
}
DETECTED = "  erkannt: {parts}"


def _counted(forms: tuple[str, str], count: int) -> str:
    """The singular or plural sentence for a count, the count in German digits."""
    return forms[count != 1].format(count=_n(count))


def detected_parts(prepared) -> list[str]:
    """What was recognised in a file, as short German phrases (for CLI and screen)."""
    parts = []
    if prepared.kind:
        parts.append(PREVIEW_KIND.format(kind=KINDS.get(prepared.kind, prepared.kind)))
    if prepared.layout:
        parts.append(PREVIEW_LAYOUT.format(layout=LAYOUTS.get(prepared.layout, prepared.layout)))
    # For an official table what was skipped and mapped matters most: it comes early.
    parts += official_parts(prepared)
    table = prepared.table
    if table is not None:
        if table.sheet is not None:
            parts.append(PREVIEW_SHEET.format(sheet=table.sheet))
        elif table.separator is not None:
            parts.append(PREVIEW_ENCODING.format(
                encoding=table.encoding, separator=SEPARATORS.get(table.separator, table.separator)))
        if table.header_row:
            parts.append(PREVIEW_SOURCE.format(row=table.header_row))
    if getattr(prepared, "member", None):
        ags, period = prepared.member
        parts.append(PREVIEW_MEMBER.format(ags=ags, period=period))
    if prepared.convention:
        parts.append(PREVIEW_NUMBERS.format(convention=CONVENTIONS[prepared.convention]))
    shape = prepared.shape
    if shape is not None and (shape.indicator or shape.period):
        what = ", ".join(x for x in (shape.indicator, shape.period) if x)
        parts.append(PREVIEW_FROM_TITLE.format(what=what))
    if prepared.ignored_columns:
        parts.append(PREVIEW_IGNORED.format(columns=", ".join(prepared.ignored_columns)))
    if prepared.skipped:
        parts.append(SKIPPED.format(count=_n(prepared.skipped)))
    if prepared.layout == "gvisys":
        parts.append(GVISYS_CARRIER)
    return [fmt.clean(p) for p in parts]


def official_parts(prepared) -> list[str]:
    """What an official table's check found: mappings, unmapped measures, skipped regions."""
    result = getattr(prepared, "result", None)
    if result is None:
        return []
    parts = []
    regions = result.regions
    if regions is not None:
        if regions.unknown:
            parts.append(_counted(REGIONS_UNKNOWN, regions.unknown))
        if regions.dissolved:
            parts.append(_counted(REGIONS_DISSOLVED, regions.dissolved))
        if regions.aggregates:
            parts.append(_counted(REGIONS_AGGREGATE, regions.aggregates))
    if result.mapped:
        parts.append(MAPPED.format(pairs=", ".join(f"{m} → {c}" for m, c in result.mapped.items())))
    if result.unmapped and result.mapped:
        parts.append(UNMAPPED.format(measures=", ".join(result.unmapped)))
    return parts

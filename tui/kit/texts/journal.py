"""German texts about unsaved text kept in the local journal, and quitting with it."""

TITLE = "Nicht gespeicherter Text aus einer früheren Sitzung"
EXPLAIN = ("Dieser Text konnte damals nicht in die Datenbank geschrieben werden (gesperrt, "
           "Speicher voll oder Verbindung abgebrochen) und wurde lokal aufbewahrt.")
COPIED = "Text in die Zwischenablage kopiert (OSC 52)."
RESTORED = "{count} aufbewahrte Texte in die Datenbank übernommen."
RESTORE_FAILED = "{count} aufbewahrte Texte noch nicht übernommen (bleiben aufbewahrt): {error}"
FORMS_COPIED = ("{count} Texte ohne Ziel in der Datenbank (offene Dialoge, inzwischen "
                "gelöschte Punkte) liegen in der Zwischenablage.")
DISCARDED = "Aufbewahrter Text verworfen (er liegt noch in der Zwischenablage)."
QUIT_UNSAVED = ("Es gibt Text, der noch nicht in der Datenbank gespeichert ist (lokal "
                "gesichert, wird beim nächsten Start angeboten). Trotzdem beenden?")

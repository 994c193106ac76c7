"""What a command line names, found or refused: a ring, an indicator, a quarter."""

from __future__ import annotations

from typing import Any

from importers.periods import parse_period
from store import analysis, periods
from store.db import Store
from store.rings import list_rings
from tui.kit import format as fmt

UNKNOWN_RING = "Unbekannter Ring „{ring}“. Vorhandene Ringe: {known}."
UNKNOWN_RING_ID = "Einen Ring Nr. {id} gibt es nicht. Vorhandene Ringe: {known}."
AMBIGUOUS_RING = ("„{ring}“ passt auf mehrere Ringe: {candidates}. Bitte den genauen Namen "
                  "oder --ring-id NR angeben.")
UNKNOWN_INDICATOR = "Unbekannte Kennzahl „{code}“. Vorhandene Kennzahlen: {known}."
BAD_PERIOD = ("„{period}“ ist kein Quartal. Bitte ein Quartal angeben, z. B. 2024-Q3, Q3/2024 "
              "oder „3. Quartal 2024“.")
AMBIGUOUS_INDICATOR = ("„{code}“ passt auf mehrere Kennzahlen: {candidates}. Bitte den Code "
                       "angeben.")


class Refusal(Exception):
    """A request the data cannot answer; the message is for the user. It often names data
    (ring names, candidates), so it is cleaned of terminal escapes here, once, for every
    command that prints it."""

    def __init__(self, message: object) -> None:
        super().__init__(fmt.clean(message))


def find_ring(store: Store, wanted: str, ring_id: int | None = None) -> dict[str, Any]:
    """The ring by number (`--ring-id`) or by name. A name is matched ignoring case; when
    several rings match (names differing only in case, or a name that is another ring's
    number) the request is refused with the candidates, never guessed."""
    rings = [{"id": ring.id, "name": ring.name} for ring in list_rings(store)]
    if ring_id is not None:
        for ring in rings:
            if ring["id"] == ring_id:
                return ring
        raise Refusal(UNKNOWN_RING_ID.format(id=ring_id, known=_ring_list(rings)))
    text = wanted.strip()
    by_name = [r for r in rings if r["name"].casefold() == text.casefold()]
    by_number = [r for r in rings if text.isdecimal() and r["id"] == int(text)
                 and r not in by_name]
    found = by_name + by_number
    if not found and text:  # a part of the name ("Ländliche") names the ring if only one has it
        found = [r for r in rings if text.casefold() in r["name"].casefold()]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise Refusal(AMBIGUOUS_RING.format(ring=wanted, candidates=_ring_list(found)))
    raise Refusal(UNKNOWN_RING.format(ring=wanted, known=_ring_list(rings)))


def _ring_list(rings: list[dict[str, Any]]) -> str:
    return ", ".join(f"Nr. {r['id']} „{r['name']}“" for r in rings) or "keine"


def find_indicator(store: Store, code: str) -> dict[str, Any]:
    """By code (K2, k2), by name or short name (Integrationsquote), or by a part of a name
    that only one indicator has; several candidates are listed, never guessed."""
    info = analysis.indicator(store, code) or analysis.indicator(store, code.strip().upper())
    if info is not None:
        return info
    catalogue = analysis.indicators(store).select("code", "name", "short_name").rows(named=True)
    text = code.strip().casefold()
    names = [r for r in catalogue if text in {(r["name"] or "").casefold(),
                                             (r["short_name"] or "").casefold()}]
    if not names and text:
        names = [r for r in catalogue if text in (r["name"] or "").casefold()
                 or text in (r["short_name"] or "").casefold()]
    if len(names) == 1:
        return analysis.indicator(store, names[0]["code"])
    if names:
        candidates = ", ".join(f"{r['code']} „{r['name']}“" for r in names)
        raise Refusal(AMBIGUOUS_INDICATOR.format(code=code, candidates=candidates))
    known = ", ".join(r["code"] for r in catalogue)
    raise Refusal(UNKNOWN_INDICATOR.format(code=code, known=known))


def parse_quarter(text: str) -> str:
    """Every quarter form the app shows or reads: '2024-Q3', '2024q3', 'Q3/2024',
    '3. Quartal 2024', 'III/2024' → '2024-Q3'."""
    parsed = parse_period(text.strip())
    if parsed is None or not periods.is_quarter(parsed):
        raise Refusal(BAD_PERIOD.format(period=text))
    return parsed

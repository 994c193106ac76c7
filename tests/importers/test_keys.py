"""Matching municipalities (AGS, lost leading zero, name variants) and indicators."""

from __future__ import annotations

import polars as pl
import pytest

from importers.keys import IndicatorMatcher, MunicipalityMatcher, ags_candidates, name_key

PLACES = pl.DataFrame({
    "ags": ["05358", "05370", "06611", "06633", "03241", "05334"],
    "name": ["Kreis Düren", "Heinsberg", "Kassel, Stadt", "Landkreis Kassel", "Region Hannover",
             "Städteregion Aachen"],
    "kind": [None, "Kreis", "kreisfreie Stadt", None, None, None],
})


@pytest.fixture
def matcher() -> MunicipalityMatcher:
    return MunicipalityMatcher(PLACES)


@pytest.mark.parametrize(
    "text, ags",
    [
        ("05358", "05358"), ("5358", "05358"), ("5358.0", "05358"), ("05358000", "05358"),
        ("053580000000", "05358"), ("Kreis Düren", "05358"), ("Düren, Kreis", "05358"),
        ("LK Düren", "05358"), ("Lkr. Düren", "05358"), ("Landkreis Düren", "05358"),
        ("Düren (Kreis)", "05358"), ("kreis dueren", "05358"), ("Jobcenter Kreis Düren", "05358"),
        ("Düren", "05358"), ("Kreis Heinsberg", "05370"), ("Heinsberg, Kreis", "05370"),
        ("Stadt Kassel", "06611"), ("Kassel, kreisfreie Stadt", "06611"),
        ("Kassel, Landkreis", "06633"), ("Hannover", "03241"), ("Region Hannover", "03241"),
        ("Aachen", "05334"), ("05358 Kreis Düren", "05358"), ("Kreis Düren (5358)", "05358"),
    ],
)
def test_municipality_variants(matcher: MunicipalityMatcher, text: str, ags: str) -> None:
    assert matcher.match(text) == (ags, [])


def test_unknown_and_ambiguous(matcher: MunicipalityMatcher) -> None:
    assert matcher.match("Kreis Wesel") == (None, [])
    assert matcher.match("99999") == (None, [])
    assert matcher.match("Kassel") == (None, ["06611", "06633"])


def test_an_unknown_key_is_never_matched_by_name() -> None:
    places = pl.DataFrame({"ags": ["05358"], "name": ["5999"], "kind": [None]})
    assert MunicipalityMatcher(places).match("5999") == (None, [])


def test_name_key_and_candidates() -> None:
    assert name_key("Düren, Kreis") == ("dueren", "district")
    assert name_key("Düren", "Landkreis") == ("dueren", "district")
    assert ags_candidates("5358") == ["5358", "05358"]
    assert ags_candidates("Düren") == []


CATALOGUE = pl.DataFrame({
    "code": ["K2", "K2E4", "K3E1", "EW"],
    "name": ["Integrationsquote", "Integrationsquote der Alleinerziehenden",
             "Integrationsquote der Langzeitleistungsbezieher", "Einwohner"],
    "short_name": ["IQ", "IQ Alleinerz.", "IQ LZB", None],
})


@pytest.mark.parametrize(
    "text, code",
    [("K2", "K2"), ("k2", "K2"), ("K 2", "K2"), ("K2E4", "K2E4"), ("Integrationsquote", "K2"),
     ("integrationsquote der alleinerziehenden", "K2E4"), ("Integrationsquote (K2)", "K2"),
     ("K2 – Integrationsquote", "K2"), ("Integrationsquote in %", "K2"), ("IQ LZB", "K3E1"),
     ("Einwohner¹", "EW"), ("Anzahl Einwohner", "EW")],
)
def test_indicator_by_code_or_name(text: str, code: str) -> None:
    assert IndicatorMatcher(CATALOGUE).match(text) == code


@pytest.mark.parametrize("text", ["K9", "Quote", "Bundesland", "", "2024-Q1"])
def test_unknown_indicators(text: str) -> None:
    assert IndicatorMatcher(CATALOGUE).match(text) is None


def test_indicators_named_in_a_title() -> None:
    matcher = IndicatorMatcher(CATALOGUE)
    assert matcher.in_text("Integrationsquote der Alleinerziehenden, 2024") == {"K2E4"}
    assert matcher.in_text("Kennzahl K2: Integrationsquote") == {"K2"}
    assert matcher.in_text("neue Einwohner und neue Wege") == {"EW"}
    assert matcher.in_text("ew") == set()  # lower-case words are not taken for codes

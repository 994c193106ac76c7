"""Meetings and agenda items: create, edit, delete, reorder, versions, who and when."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import meetings as mt
from store.db import StoreError, open_store


@pytest.fixture
def store(sample_db: Path):
    s = open_store(sample_db)
    s.user = "anna"
    yield s
    s.close()


def titles(store, meeting_id: int) -> list[str]:
    return [item.title for item in mt.agenda_items(store, meeting_id)]


def test_list_meetings_newest_first_with_item_counts(store) -> None:
    frame = mt.list_meetings(store, 1)
    assert frame["id"].to_list() == [4, 3, 2, 1]
    assert frame["status"].to_list() == ["planned", "held", "held", "held"]
    assert frame["items"].to_list() == [4, 4, 4, 4]
    assert mt.list_meetings(store, 99).is_empty()


def test_create_edit_delete_meeting_records_who_and_when(store) -> None:
    meeting_id = mt.create_meeting(store, 1, "  Sondertreffen  ", period="2026-Q2",
                                   held_on="2027-02-03", place="Kreishaus Feldmark")
    meeting = mt.get_meeting(store, meeting_id)
    assert (meeting.title, meeting.period, meeting.held_on, meeting.status, meeting.version) == (
        "Sondertreffen", "2026-Q2", "2027-02-03", "planned", 1)
    assert meeting.updated_by == "anna" and meeting.updated_at
    assert mt.list_meetings(store, 1)["id"][0] == meeting_id  # latest date on top

    store.user = "bernd"
    version = mt.update_meeting(store, meeting_id, 1, place="Rathaus", held_on="")
    again = mt.get_meeting(store, meeting_id)
    assert version == 2 == again.version
    assert (again.place, again.held_on, again.updated_by) == ("Rathaus", None, "bernd")

    mt.add_item(store, meeting_id, "Begrüßung")
    with pytest.raises(StoreError) as info:
        mt.delete_meeting(store, meeting_id, version)  # adding an item changed the meeting
    assert info.value.reason == "conflict"
    mt.delete_meeting(store, meeting_id, mt.get_meeting(store, meeting_id).version)
    with pytest.raises(StoreError) as info:
        mt.get_meeting(store, meeting_id)
    assert info.value.reason == "not_found"
    assert store._rows("SELECT count(*) AS n FROM agenda_items WHERE meeting_id = ?",
                      (meeting_id,))[0]["n"] == 0


@pytest.mark.parametrize(
    "changes, field",
    [({"title": " "}, "title"), ({"period": "2026-Q5"}, "period"),
     ({"held_on": "10.12.2026"}, "held_on"), ({"status": "held"}, "status")],
)
def test_invalid_meeting_values_are_refused_by_field(store, changes, field) -> None:
    with pytest.raises(StoreError) as info:
        mt.update_meeting(store, 4, 1, **changes)
    assert (info.value.reason, info.value.detail) == ("invalid", field)
    assert mt.get_meeting(store, 4).version == 1


def test_agenda_items_add_edit_delete(store) -> None:
    item_id = mt.add_item(store, 4, "Kennzahl K2 im Detail", indicator_code="K2",
                          ags="90607", period="2026-Q2")
    item = mt.get_item(store, item_id)
    assert (item.position, item.status, item.indicator_name, item.municipality) == (
        5, "open", "Integrationsquote", "Landkreis Immenau")
    assert item.updated_by == "anna"
    version = mt.update_item(store, item_id, item.version, status="discussed",
                             notes="Zeile 1\nZeile 2", decisions="Beschluss", ags=None)
    item = mt.get_item(store, item_id)
    assert (item.version, item.status, item.notes, item.ags) == (
        version, "discussed", "Zeile 1\nZeile 2", None)
    for bad, field in [({"indicator_code": "XX"}, "indicator_code"), ({"ags": "0"}, "ags"),
                       ({"status": "done"}, "status"), ({"title": ""}, "title")]:
        with pytest.raises(StoreError) as info:
            mt.update_item(store, item_id, version, **bad)
        assert info.value.detail == field
    mt.delete_item(store, mt.agenda_items(store, 4)[0].id, 1)
    assert [i.position for i in mt.agenda_items(store, 4)] == [1, 2, 3, 4]
    assert titles(store, 4)[-1] == "Kennzahl K2 im Detail"


def test_move_up_and_down_keeps_positions_contiguous(store) -> None:
    before = titles(store, 4)
    items = mt.agenda_items(store, 4)
    version = mt.get_meeting(store, 4).version
    version = mt.move_item(store, items[2].id, version, -1)
    assert titles(store, 4) == [before[0], before[2], before[1], before[3]]
    version = mt.move_item(store, items[2].id, version, -1)
    assert titles(store, 4)[0] == before[2]
    assert mt.move_item(store, items[2].id, version, -1) == version  # already on top
    version = mt.move_item(store, items[0].id, version, +1)
    assert titles(store, 4) == [before[2], before[1], before[0], before[3]]
    assert [i.position for i in mt.agenda_items(store, 4)] == [1, 2, 3, 4]
    assert mt.get_meeting(store, 4).version == version


def test_stale_version_is_a_conflict_naming_who_changed_it(store) -> None:
    item = mt.agenda_items(store, 4)[1]
    store.user = "bernd"
    mt.update_item(store, item.id, item.version, notes="Bernds Notiz")
    store.user = "anna"
    with pytest.raises(mt.EditConflict) as info:
        mt.update_item(store, item.id, item.version, notes="Annas Notiz")
    assert info.value.reason == "conflict" and info.value.by == "bernd"
    assert mt.get_item(store, item.id).notes == "Bernds Notiz"
    with pytest.raises(StoreError) as info:
        mt.delete_item(store, item.id, item.version)
    assert info.value.reason == "conflict"
    # A reorder based on an old view of the agenda is refused too.
    version = mt.get_meeting(store, 4).version
    mt.add_item(store, 4, "Neu")
    with pytest.raises(StoreError) as info:
        mt.move_item(store, item.id, version, 1)
    assert info.value.reason == "conflict"


def test_deleted_rows_report_not_found(store) -> None:
    item = mt.agenda_items(store, 4)[0]
    mt.delete_item(store, item.id, item.version)
    for call in (lambda: mt.update_item(store, item.id, item.version, notes="x"),
                 lambda: mt.delete_item(store, item.id, item.version),
                 lambda: mt.move_item(store, item.id, 1, 1),
                 lambda: mt.update_meeting(store, 999, 1, title="x")):
        with pytest.raises(StoreError) as info:
            call()
        assert info.value.reason == "not_found"


def test_previous_meeting_follows_dates(store) -> None:
    assert mt.previous_meeting(store, mt.get_meeting(store, 4)).id == 3
    assert mt.previous_meeting(store, mt.get_meeting(store, 1)) is None
    undated = mt.create_meeting(store, 1, "Ohne Datum")
    assert mt.previous_meeting(store, mt.get_meeting(store, undated)).id == 4

"""Navigation messages: a screen that wants another screen posts one, the app (shell) opens it.

Screens never import each other nor reach into the app to navigate; the messages bubble from
the screen to the app, whose handlers push the screen asked for."""

from __future__ import annotations

from textual.message import Message


class OpenRing(Message):
    def __init__(self, ring_id: int, period: str | None = None) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.period = period


class OpenIndicator(Message):
    def __init__(self, ring_id: int, code: str, period: str | None = None) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.code = code
        self.period = period


class OpenMunicipality(Message):
    def __init__(self, ags: str, ring_id: int | None = None, period: str | None = None) -> None:
        super().__init__()
        self.ags = ags
        self.ring_id = ring_id
        self.period = period


class OpenDelivery(Message):
    def __init__(self, ring_id: int, period: str | None = None) -> None:
        super().__init__()
        self.ring_id = ring_id
        self.period = period


class OpenImport(Message):
    """The import screen (files chosen there)."""


class OpenMeetings(Message):
    def __init__(self, ring_id: int) -> None:
        super().__init__()
        self.ring_id = ring_id


class OpenAgenda(Message):
    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id


class OpenMeetingMode(Message):
    def __init__(self, meeting_id: int, item_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_id = item_id


class OpenActions(Message):
    """The action items of a meeting (and those still open from earlier meetings)."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

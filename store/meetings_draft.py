"""Agenda draft: proposals from deferred items, open action items and discussion candidates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store import analysis, candidates
from store.db import Store, now_iso
from store.meetings import Meeting, add_item, agenda_items, get_meeting, previous_meeting
from store.meetings_actions import carried_over

PROPOSAL_KINDS = ("deferred", "undiscussed", "action", "candidate")


@dataclass(frozen=True)
class Proposal:
    """One suggested agenda item; `source` identifies it once it is on the agenda."""

    source: str
    kind: str
    text: str
    indicator_code: str | None = None
    indicator_name: str | None = None
    ags: str | None = None
    municipality: str | None = None
    period: str | None = None
    from_meeting: str | None = None
    owner: str | None = None
    due_on: str | None = None
    facts: dict[str, Any] | None = None  # a candidate's: what its reason is worded from


def latest_period(store: Store, ring_id: int) -> str | None:
    """The quarter a meeting discusses by default: the one the ring screens open on (the
    latest most members have figures for), not a quarter still being collected."""
    return analysis.default_period(store, ring_id)


def _from_previous(store: Store, meeting: Meeting) -> list[Proposal]:
    previous = previous_meeting(store, meeting)
    if previous is None:
        return []
    proposals = []
    for item in agenda_items(store, previous.id):
        if item.status == "deferred":
            kind = "deferred"
        elif item.status == "open" and previous.held:
            kind = "undiscussed"
        else:
            continue
        # A topic comes back with the new meeting's figures unless it named its own period.
        period = item.period
        if period is None or period == previous.period:
            period = meeting.period or item.period
        proposals.append(Proposal(
            source=f"{kind}:{item.id}", kind=kind, text=item.title,
            indicator_code=item.indicator_code, indicator_name=item.indicator_name,
            ags=item.ags, municipality=item.municipality, period=period,
            from_meeting=previous.title,
        ))
    return proposals


def _from_actions(store: Store, meeting: Meeting) -> list[Proposal]:
    return [
        Proposal(source=f"action:{a.id}", kind="action", text=a.text, owner=a.owner,
                 due_on=a.due_on, from_meeting=a.meeting_title)
        for a in carried_over(store, meeting)
    ]


def _from_candidates(store: Store, meeting: Meeting, limit: int) -> list[Proposal]:
    period = meeting.period or latest_period(store, meeting.ring_id)
    if period is None:
        return []
    frame = candidates.discussion_candidates(store, meeting.ring_id, period, limit=limit)
    if frame.is_empty():
        return []
    return [
        Proposal(
            source=f"candidate:{row['indicator_code']}:{row['ags'] or ''}:{row['period']}",
            kind="candidate", text="",
            indicator_code=row["indicator_code"], indicator_name=row["indicator_name"],
            ags=row["ags"], municipality=row["name"], period=row["period"],
            facts=row,
        )
        for row in frame.iter_rows(named=True)
    ]


def draft_proposals(store: Store, meeting_id: int, candidate_limit: int = 8) -> list[Proposal]:
    """Proposals for the meeting's agenda that are not on it yet, in the order a ring
    usually takes them: unfinished business first, then what the figures suggest."""
    meeting = get_meeting(store, meeting_id)
    items = agenda_items(store, meeting_id)
    taken = {item.source for item in items if item.source} | dropped_sources(store, meeting_id)
    linked = {(i.indicator_code, i.ags, i.period or meeting.period) for i in items
              if i.indicator_code}
    proposals = (_from_previous(store, meeting) + _from_actions(store, meeting)
                 + _from_candidates(store, meeting, candidate_limit))
    out = []
    for proposal in proposals:
        if proposal.source in taken:
            continue
        link = (proposal.indicator_code, proposal.ags, proposal.period)
        if proposal.indicator_code and link in linked:
            continue  # that figure is on the agenda (or proposed) already
        taken.add(proposal.source)
        if proposal.indicator_code:
            linked.add(link)
        out.append(proposal)
    return out


def accept_proposal(store: Store, meeting_id: int, proposal: Proposal, title: str) -> int:
    """Put a proposal on the agenda (as the last item); returns the new item's id. A
    proposal already on the agenda (accepted twice, or by someone else meanwhile) is
    refused with EditConflict."""
    return add_item(store, meeting_id, title, indicator_code=proposal.indicator_code,
                    ags=proposal.ags, period=proposal.period, source=proposal.source)


def dropped_sources(store: Store, meeting_id: int) -> set[str]:
    return {r["source"] for r in store._rows(
        "SELECT source FROM agenda_proposal_drops WHERE meeting_id = ?", (meeting_id,))}


def drop_proposal(store: Store, meeting_id: int, source: str) -> None:
    """Remember, for everyone, that this proposal is not wanted on the meeting's agenda."""
    with store.write() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO agenda_proposal_drops(meeting_id, source, dropped_by,"
            " dropped_at) VALUES (?, ?, ?, ?)",
            (meeting_id, source, store.user, now_iso()),
        )

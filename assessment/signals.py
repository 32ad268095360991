"""When a record that can earn or lose points changes, the members it concerns get a recompute
request for the record's year, and a task is sent after the transaction commits.

Each watched model names, in ``WATCHED``, how to find the members and the year from an instance
(one small query at most). The work itself happens in ``tasks.recompute_member``.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from liaison.models import ContactActivity, ContactActivityParticipant, LiaisonGroupMembership
from meetings.models import Attendance, ResearchReport, ResearchReportAuthor, Speech, StudyNote
from members.models import Commendation, Member, Position, SectorMembership
from proposals.models import Proposal, ProposalCoSigner, SocialReport, SocialReportAuthor
from proposals.models.reports import SocialReportInstruction
from supervision.models import SupervisionParticipant

Found = tuple[list[int], int | None]


def _member_and_day(member_field: str, day: Callable) -> Callable:
    return lambda obj: ([getattr(obj, member_field)], day(obj).year if day(obj) else None)


def _proposal(obj: Proposal) -> Found:
    ids = list(obj.cosigners.values_list("member_id", flat=True))
    if obj.first_proposer_id:
        ids.append(obj.first_proposer_id)
    return ids, obj.year


def _social_report(report: SocialReport) -> Found:
    return list(report.authorships.values_list("member_id", flat=True)), report.year


def _research_report(report: ResearchReport) -> Found:
    # Voiding the report (or changing its date) concerns every author.
    return list(report.author_links.values_list("member_id", flat=True)), report.written_on.year


def _activity(activity: ContactActivity) -> Found:
    return list(activity.participants.values_list("member_id", flat=True)), activity.date.year


def _period(obj) -> Found:
    # A dated period changes the sector, group or seat of the days it covers: this year's
    # results are the ones still open to change.
    from django.utils import timezone

    return [obj.member_id], timezone.localdate().year


WATCHED: dict[type, Callable[[object], Found]] = {
    Attendance: lambda obj: ([obj.member_id], obj.meeting.start_date.year),
    Speech: lambda obj: ([obj.member_id], obj.meeting.start_date.year),
    StudyNote: _member_and_day("member_id", lambda obj: obj.written_on),
    Commendation: _member_and_day("member_id", lambda obj: obj.awarded_on),
    ResearchReport: _research_report,
    ResearchReportAuthor: lambda obj: ([obj.member_id], obj.report.written_on.year),
    SupervisionParticipant: lambda obj: ([obj.member_id], obj.topic.year),
    ContactActivity: _activity,
    ContactActivityParticipant: lambda obj: ([obj.member_id], obj.activity.date.year),
    Proposal: _proposal,
    ProposalCoSigner: lambda obj: (
        [obj.member_id, obj.proposal.first_proposer_id],
        obj.proposal.year,
    ),
    SocialReport: _social_report,
    SocialReportAuthor: lambda obj: ([obj.member_id], obj.report.year),
    SocialReportInstruction: lambda obj: _social_report(obj.report),
    SectorMembership: _period,
    LiaisonGroupMembership: _period,
    Position: _period,
}


_state = threading.local()


@contextmanager
def paused():
    """No recompute requests inside (bulk loads that recompute the whole year afterwards)."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def changed(instance) -> None:
    """Remember that ``instance`` changed; when the transaction commits, its members get a
    recompute request and one task per committee-year is sent. A save costs no query here, a
    rolled-back change asks for nothing, and a thousand rows imported at once make one task."""
    if getattr(_state, "paused", False):
        return
    connection = transaction.get_connection()
    batch = connection.__dict__.setdefault("_assessment_changed", [])
    if not any(entry[1] is _flush for entry in connection.run_on_commit):
        # No flush waiting: whatever the batch holds was rolled back with its transaction.
        batch.clear()
        transaction.on_commit(_flush)
    batch.append(instance)


def _flush() -> None:
    from .services import request_recompute
    from .tasks import COALESCE_SECONDS, recompute_members

    connection = transaction.get_connection()
    batch = connection.__dict__.pop("_assessment_changed", [])
    wanted: dict[int, set[int]] = defaultdict(set)
    for instance in batch:
        try:
            member_ids, year = WATCHED[type(instance)](instance)
        except ObjectDoesNotExist:  # the record went with its parent; the nightly run repairs it
            continue
        if year is not None:
            wanted[year].update(pk for pk in member_ids if pk)
    for year, member_ids in wanted.items():
        by_committee: dict[int, list[int]] = defaultdict(list)
        new = request_recompute(member_ids=member_ids, year=year)
        for member_id, committee_id in Member.objects.filter(pk__in=new).values_list(
            "pk", "committee_id"
        ):
            by_committee[committee_id].append(member_id)
        for committee_id, ids in by_committee.items():
            recompute_members.apply_async((committee_id, year, ids), countdown=COALESCE_SECONDS)


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        changed(instance)


def _on_delete(sender, instance, **kwargs) -> None:
    changed(instance)


def _on_members_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, ContactActivity
    ):
        changed(instance)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"assessment-{model.__name__}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"assessment-d-{model.__name__}")
    m2m_changed.connect(
        _on_members_changed,
        sender=ContactActivity.members.through,
        dispatch_uid="assessment-activity-members",
    )

"""Voiding the records without a workflow — speeches, research reports and their authors, study
notes, commendations, parts in a supervision topic: evidence is never deleted, so a record entered
by mistake is voided with the reason and leaves every count (SECURITY.md, "History and
deletion")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import signals
from assessment.models import DutyKind, Result
from committees.services import record_void
from meetings import selectors as meeting_selectors
from meetings.models import MeetingKind, Speech
from reports.selectors import yearly_figures
from supervision import selectors as supervision_selectors
from tests.assessment.engine_helpers import YEAR, meeting, score
from tests.assessment.test_engine_rules import scheme_with
from tests.factories.core import StaffUserFactory
from tests.factories.meetings import (
    ResearchReportAuthorFactory,
    ResearchReportFactory,
    SpeechFactory,
    StudyNoteFactory,
    member_of,
)
from tests.factories.members import CommendationFactory
from tests.factories.supervision import SupervisionParticipantFactory, SupervisionTopicFactory
from tests.liaison.helpers import refused_by_db, refused_with

pytestmark = pytest.mark.django_db


def _day(n: int) -> datetime.date:
    return datetime.date(YEAR, 4, n)


def _report(committee, member, n):
    trip = meeting(committee, MeetingKind.RESEARCH, day=_day(n))
    report = ResearchReportFactory(meeting=trip, committee=committee, written_on=_day(n + 5))
    ResearchReportAuthorFactory(report=report, member=member, is_lead=True)
    return report


@dataclass(frozen=True)
class Kind:
    rule: dict
    #: One record of the kind earning ``member`` the rule's points (the n-th of the test).
    make: Callable
    #: The database constraint that holds "voided ⇒ reason".
    constraint: str


KINDS = {
    "speech": Kind(
        {"duty_kind": DutyKind.SPEECH},
        lambda c, m, n: SpeechFactory(meeting=meeting(c, day=_day(n)), member=m),
        "speech_voided_has_reason",
    ),
    "research report": Kind(
        {"duty_kind": DutyKind.RESEARCH_REPORT},
        _report,
        "research_report_voided_has_reason",
    ),
    "research report author": Kind(
        {"duty_kind": DutyKind.RESEARCH_REPORT},
        lambda c, m, n: _report(c, m, n).author_links.get(),
        "research_report_author_voided_has_reason",
    ),
    "study note": Kind(
        {"duty_kind": DutyKind.STUDY_NOTE},
        lambda c, m, n: StudyNoteFactory(member=m, written_on=_day(n)),
        "study_note_voided_has_reason",
    ),
    "commendation": Kind(
        {"duty_kind": DutyKind.COMMENDATION, "commendation_level": "county"},
        lambda c, m, n: CommendationFactory(member=m, level="county", awarded_on=_day(n)),
        "commendation_voided_has_reason",
    ),
    "supervision participant": Kind(
        {"duty_kind": DutyKind.SUPERVISION},
        lambda c, m, n: SupervisionParticipantFactory(
            topic=SupervisionTopicFactory(committee=c, year=YEAR), member=m
        ),
        "supervision_participant_voided_has_reason",
    ),
}


@pytest.fixture(params=KINDS, ids=str)
def kind(request) -> Kind:
    return KINDS[request.param]


def _counted_twice(committee, kind: Kind):
    """A member with two records of the kind, 5 points each, scored; the second is the mistake."""
    scheme_with(committee, {"rule": {**kind.rule, "points": 5}})
    with signals.paused():  # the test's transaction never commits: no batch waiting
        member = member_of(committee)
        kind.make(committee, member, 1)
        mistake = kind.make(committee, member, 2)
    assert score(committee)[member.pk].total == 10
    return member, mistake


def test_a_voided_record_leaves_the_score_and_its_history_names_who_and_why(
    kind, committee, staff, django_capture_on_commit_callbacks
):
    member, mistake = _counted_twice(committee, kind)

    with django_capture_on_commit_callbacks(execute=True):
        record_void(record=mistake, by=staff, reason="与另一条重复登记")

    # The save asked for a recompute by itself: the result no longer counts the record.
    assert Result.objects.get(member=member, year=YEAR).total == 5
    mistake.refresh_from_db()
    assert mistake.voided_reason == "与另一条重复登记"
    assert mistake.voided_at is not None
    last, before = mistake.history.order_by("-history_date", "-history_id")[:2]
    assert (last.history_user, last.voided_reason) == (staff, "与另一条重复登记")
    assert (before.voided_at, before.voided_reason) == (None, "")  # what it said before


def test_voiding_needs_a_reason_happens_once_and_the_database_holds_to_it(kind, committee, staff):
    record = kind.make(committee, member_of(committee), 1)
    model = type(record)

    # In the language the service answered in (the catalogs translate it).
    with refused_with(_("Give the reason for voiding the record.")):
        record_void(record=record, by=staff, reason="  ")
    record.refresh_from_db()
    assert record.voided_at is None

    record_void(record=record, by=staff, reason="误录")
    already = _("“%(record)s” was already voided on %(day)s: %(reason)s") % {
        "record": record,
        "day": timezone.localdate().isoformat(),
        "reason": "误录",
    }
    with refused_with(already) as caught:
        record_void(record=record, by=staff, reason="再次作废")
    assert caught.value.code == "already_voided"
    record.refresh_from_db()
    assert record.voided_reason == "误录"
    assert record.history.count() == 2  # made, voided once

    other = kind.make(committee, member_of(committee), 3)
    with refused_by_db(kind.constraint):
        model.objects.filter(pk=other.pk).update(voided_at=timezone.now())
    with refused_by_db(kind.constraint):
        model.objects.filter(pk=other.pk).update(voided_reason="没有作废时间")


def _changelist(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def test_staff_void_through_the_admin_and_other_committees_staff_cannot(
    kind, client, committee, staff
):
    record = kind.make(committee, member_of(committee), 1)
    chosen = {"action": "void_selected", "_selected_action": [record.pk]}
    applied = {**chosen, "apply": "1", "reason": "录错了委员"}

    client.force_login(StaffUserFactory())  # another committee's staff
    client.post(_changelist(record), applied)
    record.refresh_from_db()
    assert record.voided_at is None

    client.force_login(staff)
    asked = client.post(_changelist(record), chosen)
    assert asked.status_code == 200 and "reason" in asked.context["form"].fields
    client.post(_changelist(record), {**chosen, "apply": "1"})  # no reason: asked again
    record.refresh_from_db()
    assert record.voided_at is None
    client.post(_changelist(record), applied)
    record.refresh_from_db()
    assert record.voided_reason == "录错了委员"
    assert record.history.latest().history_user == staff


def test_the_admin_refuses_to_delete_and_says_to_void_instead(staff_client, committee):
    speech = SpeechFactory(meeting=meeting(committee))
    meta = speech._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[speech.pk])

    response = staff_client.post(url, {"post": "yes"}, follow=True)

    assert Speech.objects.filter(pk=speech.pk).exists()
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Void it instead with the reason" in text or "作废" in text


def test_counts_shown_to_members_and_in_reports_leave_voided_records_out(committee, staff):
    member = member_of(committee)
    note = StudyNoteFactory(member=member, written_on=_day(1))
    StudyNoteFactory(member=member, written_on=_day(2))
    report = _report(committee, member, 3)
    _report(committee, member, 4)
    part = SupervisionParticipantFactory(
        topic=SupervisionTopicFactory(committee=committee, year=YEAR), member=member
    )
    for record in (note, report, part):
        record_void(record=record, by=staff, reason="重复")

    assert meeting_selectors.member_learning(member=member, year=YEAR).study_notes == 1
    assert yearly_figures(committee.pk, YEAR).research_reports == 1
    assert list(supervision_selectors.member_supervision(member=member, year=YEAR)) == []
    # The member's own lists still show the voided ones, marked as voided.
    notes = meeting_selectors.member_study_notes(member_id=member.pk, year=YEAR)
    assert [n.is_voided for n in notes] == [False, True]


def test_a_voided_record_does_not_block_entering_it_again_correctly(committee, staff):
    speech = SpeechFactory(meeting=meeting(committee), title="关于营商环境的发言")
    record_void(record=speech, by=staff, reason="录在了错误的会议上，重录")

    again = SpeechFactory(meeting=speech.meeting, member=speech.member, title=speech.title)

    assert again.pk != speech.pk
    columns = [f"meetings_speech.{c}" for c in ("meeting_id", "member_id", "title")]
    with refused_by_db("speech_unique_title_per_member", *columns):
        SpeechFactory(meeting=speech.meeting, member=speech.member, title=speech.title)

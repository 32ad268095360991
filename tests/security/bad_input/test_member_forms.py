"""A member's own forms fed with bad input: contact activities (with fellow members), leave
requests, research reports (with co-authors), study notes, proposals and social-conditions
reports. Each is refused in Chinese with nothing written, or saved as the form read it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from liaison.member_forms import ActivityForm
from liaison.models import ContactActivity
from meetings.member_forms import LeaveRequestForm, ResearchReportForm, StudyNoteForm
from meetings.models import LeaveRequest, MeetingKind, ResearchReport, StudyNote
from proposals.forms import ProposalForm, SocialReportForm
from proposals.models import Proposal, ProposalCategory, SocialReport
from tests.factories.liaison import ContactPointFactory
from tests.factories.meetings import AttendanceFactory, MeetingFactory
from tests.factories.proposals import ProposalFactory

from .harness import BOTH, REFUSED, as_form_data, post_form
from .strategies import (
    BAD_INPUT,
    any_date,
    any_id,
    any_number,
    any_text,
    days_ago,
    form_posts,
    plain_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    client.force_login(member.user)
    return client


def _cleaned(form) -> dict:
    assert form.is_valid(), form.errors
    return form.cleaned_data


def _same(row, cleaned: dict, names) -> None:
    for name in names:
        assert getattr(row, name) == cleaned[name], name


@pytest.fixture
def activity_fields(committee, fellow):
    point = ContactPointFactory(committee=committee)
    return {
        "kind": ("visit", any_text),
        "title": ("走访幸福村困难群众", any_text),
        "date": (days_ago(3), any_date),
        "contact_point": (str(point.pk), any_id),
        "place": ("幸福村村委会", any_text),
        "people_reached": ("25", any_number),
        "issues_raised": ("4", any_number),
        "issues_resolved": ("2", any_number),
        "summary": ("了解饮水安全问题", any_text),
        "co_participants": (str(fellow.pk), any_id),
        "submit": ("1", any_text),
    }


def test_it_logs_a_contact_activity_or_refuses_it_whole(signed_in, member, activity_fields):
    seen = set()

    @BAD_INPUT
    @given(data=form_posts(activity_fields))
    def check(data):
        def saved(delta):
            activity = ContactActivity.objects.latest("pk")
            cleaned = _cleaned(ActivityForm(as_form_data(data), member=member))
            _same(activity, cleaned, ActivityForm.Meta.fields)
            assert set(activity.members.all()) == {member, *cleaned["co_participants"]}
            submitted = "submit" in data
            assert activity.status == ("submitted" if submitted else "draft")

        seen.add(post_form(signed_in, reverse("activities:create"), data, saved=saved))

    check()
    assert seen == BOTH


@pytest.fixture
def invitation(committee, member):
    day = timezone.localdate() + datetime.timedelta(days=7)
    meeting = MeetingFactory(
        committee=committee, kind=MeetingKind.STANDING_COMMITTEE, start_date=day, end_date=day
    )
    return AttendanceFactory(meeting=meeting, member=member)


def test_it_takes_a_leave_request_or_refuses_it_whole(signed_in, invitation):
    url = reverse("my_meetings:leave", args=[invitation.meeting_id])

    seen = set()

    @BAD_INPUT
    @given(data=form_posts({"reason": ("出差在外，无法参会", any_text)}))
    def check(data):
        def saved(delta):
            leave = LeaveRequest.objects.get(meeting=invitation.meeting, member=invitation.member)
            assert leave.reason == _cleaned(LeaveRequestForm(as_form_data(data)))["reason"]
            # One pending request per meeting: the next valid one is refused, nothing written.
            leave.delete()

        seen.add(post_form(signed_in, url, data, saved=saved))

    check()
    assert seen == BOTH


@pytest.fixture
def research_trip(committee, member):
    start = timezone.localdate() - datetime.timedelta(days=30)
    meeting = MeetingFactory(
        committee=committee, kind=MeetingKind.RESEARCH, start_date=start, end_date=start
    )
    return AttendanceFactory(meeting=meeting, member=member).meeting


def test_it_records_a_research_report_with_its_authors_or_nothing(
    signed_in, member, fellow, research_trip
):
    url = reverse("my_meetings:report_create", args=[research_trip.pk])
    fields = {
        "title": ("乡村振兴调研报告", any_text),
        "written_on": (days_ago(10), any_date),
        "summary": ("建议加强基层医疗", any_text),
        "co_authors": (str(fellow.pk), any_id),
    }

    seen = set()

    @BAD_INPUT
    @given(data=form_posts(fields))
    def check(data):
        def saved(delta):
            report = ResearchReport.objects.latest("pk")
            form = ResearchReportForm(as_form_data(data), member=member, meeting=research_trip)
            cleaned = _cleaned(form)
            _same(report, cleaned, ["title", "written_on", "summary"])
            assert set(report.authors.all()) == {member, *cleaned["co_authors"]}

        seen.add(post_form(signed_in, url, data, saved=saved))

    check()
    assert seen == BOTH


def test_it_records_a_study_note_or_nothing(signed_in, committee, member):
    day = timezone.localdate() - datetime.timedelta(days=5)
    training = MeetingFactory(
        committee=committee, kind=MeetingKind.TRAINING, start_date=day, end_date=day
    )
    AttendanceFactory(meeting=training, member=member)
    fields = {
        "meeting": (str(training.pk), any_id),
        "title": ("学习心得", any_text),
        "written_on": (days_ago(1), any_date),
        "body": ("学习全会精神的体会", any_text),
    }

    seen = set()

    @BAD_INPUT
    @given(data=form_posts(fields))
    def check(data):
        def saved(delta):
            note = StudyNote.objects.latest("pk")
            cleaned = _cleaned(StudyNoteForm(as_form_data(data), member=member))
            _same(note, cleaned, ["meeting", "title", "written_on", "body"])

        seen.add(post_form(signed_in, reverse("my_meetings:note_create"), data, saved=saved))

    check()
    assert seen == BOTH


PROPOSAL_FIELDS = {
    "title": ("关于完善养老服务的建议", any_text),
    "category": (ProposalCategory.values[0], any_text),
    "submitter_kind": ("member", any_text),
    "session": ("十二届三次", any_text),
    "body": ("建议如下：……", any_text),
}


def test_it_drafts_a_proposal_or_nothing(signed_in, member):
    seen = set()

    @BAD_INPUT
    @given(data=form_posts(PROPOSAL_FIELDS))
    def check(data):
        def saved(delta):
            proposal = Proposal.objects.latest("pk")
            cleaned = _cleaned(ProposalForm(as_form_data(data)))
            _same(proposal, cleaned, ProposalForm.base_fields)
            assert proposal.first_proposer == member

        seen.add(post_form(signed_in, reverse("proposals:create"), data, saved=saved))

    check()
    assert seen == BOTH


def test_it_changes_a_draft_proposal_or_leaves_it_as_it_was(signed_in, committee, member):
    proposal = ProposalFactory(committee=committee, first_proposer=member)
    url = reverse("proposals:edit", args=[proposal.pk])

    seen = set()

    @BAD_INPUT
    @given(
        data=form_posts(
            {name: (plain_text, bad) for name, (_v, bad) in PROPOSAL_FIELDS.items()}
            | {
                "category": (ProposalCategory.values[1], any_text),
                "submitter_kind": ("member", any_text),
            }
        )
    )
    def check(data):
        before = Proposal.objects.get(pk=proposal.pk)

        def saved(delta):
            after = Proposal.objects.get(pk=proposal.pk)
            _same(after, _cleaned(ProposalForm(as_form_data(data))), ProposalForm.base_fields)

        outcome = post_form(signed_in, url, data, saved=saved, creates=False)
        seen.add(outcome)
        if outcome == REFUSED:
            after = Proposal.objects.get(pk=proposal.pk)
            for name in ProposalForm.base_fields:
                assert getattr(after, name) == getattr(before, name), name

    check()
    assert seen == BOTH


def test_it_writes_a_social_conditions_report_or_nothing(signed_in, member):
    fields = {
        "title": ("关于农村饮水安全的社情民意", any_text),
        "body": ("群众反映……", any_text),
        "submit": ("1", any_text),
    }

    seen = set()

    @BAD_INPUT
    @given(data=form_posts(fields))
    def check(data):
        def saved(delta):
            report = SocialReport.objects.latest("pk")
            _same(report, _cleaned(SocialReportForm(as_form_data(data))), ["title", "body"])
            assert report.state == ("submitted" if "submit" in data else "draft")

        seen.add(post_form(signed_in, reverse("proposals:report_create"), data, saved=saved))

    check()
    assert seen == BOTH

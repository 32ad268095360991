"""The API's writes that make several rows at once, fed with bad JSON: a contact activity with
its participants, a research report with its authors, a proposal (and its co-signer).
Schemathesis (tests/api/test_schemathesis.py) already holds every endpoint to "no server
error"; here a refusal must also write no row of any table, and an acceptance save what was
sent."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from rest_framework.test import APIClient

from liaison.models import ContactActivity
from meetings.models import MeetingKind, ResearchReport
from proposals.models import Proposal, ProposalCategory
from tests.factories.meetings import AttendanceFactory, MeetingFactory

from .harness import BOTH, api_write
from .strategies import (
    BAD_INPUT,
    any_date,
    any_id,
    any_number,
    any_text,
    days_ago,
    json_bodies,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member.user)
    return client


def test_an_activity_is_created_with_its_participants_or_not_at_all(api, member, fellow):
    fields = {
        "kind": ("visit", any_text),
        "title": ("走访城关镇群众", any_text),
        "date": (days_ago(2), any_date),
        "place": ("城关镇幸福村", any_text),
        "people_reached": (12, any_number),
        "issues_raised": (2, any_number),
        "issues_resolved": (1, any_number),
        "summary": ("了解饮水问题", any_text),
        "co_participants": ([fellow.pk], any_id),
        "submit": (True, any_text),
    }
    seen = set()

    @BAD_INPUT
    @given(body=json_bodies(fields))
    def check(body):
        def saved(response, delta):
            activity = ContactActivity.objects.get(pk=response.json()["id"])
            for name in ("kind", "title", "place", "summary"):
                assert getattr(activity, name) == str(body.get(name, "")).strip(), name
            assert activity.date.isoformat() == body["date"]
            assert set(activity.members.all()) == {
                member,
                *member.__class__.objects.filter(pk__in=body.get("co_participants", [])),
            }

        seen.add(api_write(api, "post", reverse("api:contact-activity-list"), body, saved=saved))

    check()
    assert seen == BOTH


def test_a_research_report_is_created_with_its_authors_or_not_at_all(
    api, committee, member, fellow
):
    start = timezone.localdate() - datetime.timedelta(days=30)
    trip = MeetingFactory(
        committee=committee, kind=MeetingKind.RESEARCH, start_date=start, end_date=start
    )
    AttendanceFactory(meeting=trip, member=member)
    fields = {
        "meeting": (trip.pk, any_id),
        "title": ("关于乡村振兴的调研报告", any_text),
        "written_on": (days_ago(5), any_date),
        "summary": ("调研了三个乡镇。", any_text),
        "co_authors": ([fellow.pk], any_id),
    }
    seen = set()

    @BAD_INPUT
    @given(body=json_bodies(fields))
    def check(body):
        def saved(response, delta):
            report = ResearchReport.objects.get(pk=response.json()["id"])
            assert report.title == body["title"].strip()
            assert report.written_on.isoformat() == body["written_on"]
            expected = {member.pk, *body.get("co_authors", [])}
            assert {a.pk for a in report.authors.all()} == expected

        seen.add(api_write(api, "post", reverse("api:research-report-list"), body, saved=saved))

    check()
    assert seen == BOTH


def test_a_proposal_is_drafted_or_nothing_is(api, member):
    fields = {
        "title": ("关于完善养老服务的建议", any_text),
        "category": (ProposalCategory.values[0], any_text),
        "submitter_kind": ("joint", any_text),
        "session": ("十二届三次", any_text),
        "body": ("建议如下：……", any_text),
    }
    seen = set()

    @BAD_INPUT
    @given(body=json_bodies(fields))
    def check(body):
        def saved(response, delta):
            proposal = Proposal.objects.get(pk=response.json()["id"])
            for name in ("title", "category", "submitter_kind", "body"):
                assert getattr(proposal, name) == body[name].strip(), name
            assert proposal.first_proposer == member

        seen.add(api_write(api, "post", reverse("api:proposal-list"), body, saved=saved))

    check()
    assert seen == BOTH

"""Speeches, research reports and study notes through the API."""

from __future__ import annotations

import datetime

import pytest

from meetings.models import MeetingKind, ResearchReport, Speech, StudyNote
from members.models import Member
from tests.api.helpers_meetings import assert_chinese, client_for, ids, queries_for
from tests.factories.meetings import (
    AttendanceFactory,
    MeetingFactory,
    ResearchReportAuthorFactory,
    ResearchTripFactory,
    SpeechFactory,
    StudyNoteFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

SPEECHES = "/api/v1/speeches/"
REPORTS = "/api/v1/research-reports/"
NOTES = "/api/v1/study-notes/"


def me(user) -> Member:
    return Member.objects.get(user=user)


def attended(member, meeting=None, status="present", **meeting_fields):
    meeting = meeting or MeetingFactory(committee_id=member.committee_id, **meeting_fields)
    return AttendanceFactory.marked(status=status, meeting=meeting, member=member).meeting


def post(user, url, body):
    return client_for(user).post(url, body, format="json")


# --- research reports -------------------------------------------------------------------------


def test_a_member_records_the_report_of_a_trip_with_co_authors(people, committee):
    member, co_author = me(people.member), me(people.other_member)
    trip = attended(member, ResearchTripFactory(committee=committee))
    response = post(
        people.member,
        REPORTS,
        {
            "meeting": trip.pk,
            "title": "关于乡村振兴的调研报告",
            "written_on": str(trip.start_date),
            "co_authors": [co_author.pk],
        },
    )
    assert response.status_code == 201, response.content
    report = ResearchReport.objects.get(pk=response.json()["id"])
    assert report.committee == committee and report.meeting == trip
    assert {(a["member"], a["is_lead"]) for a in response.json()["authors"]} == {
        (member.pk, True),
        (co_author.pk, False),
    }
    # The co-author reads it among their reports.
    assert ids(client_for(people.other_member).get(REPORTS)) == [report.pk]


def test_a_report_follows_a_trip_the_member_was_on_and_not_before_it(people, committee):
    member = me(people.member)
    trip = ResearchTripFactory(committee=committee)
    body = {"meeting": trip.pk, "title": "报告", "written_on": str(trip.start_date)}
    assert post(people.member, REPORTS, body).status_code == 404  # not invited

    attended(member, trip)
    early = {**body, "written_on": str(trip.start_date - datetime.timedelta(days=1))}
    response = post(people.member, REPORTS, {**early, "title": ""})
    assert response.status_code == 400
    assert set(response.json()) == {"title", "written_on"}
    for messages in response.json().values():
        assert_chinese(messages)

    plenary = attended(member, kind=MeetingKind.PLENARY)
    response = post(people.member, REPORTS, {**body, "meeting": plenary.pk})
    assert response.status_code == 400
    assert_chinese(response.json()["meeting"])
    assert not ResearchReport.objects.exists()


def test_staff_record_a_report_for_a_member_of_their_committee(people, committee, other_committee):
    member = me(people.member)
    trip = attended(member, ResearchTripFactory(committee=committee))
    body = {
        "member": member.pk,
        "meeting": trip.pk,
        "title": "调研报告",
        "written_on": "2024-04-01",
    }
    refused = post(people.other_staff, REPORTS, body)
    assert refused.status_code == 400
    assert_chinese(refused.json()["member"])
    assert post(people.staff, REPORTS, {**body, "member": None}).status_code == 400

    response = post(people.staff, REPORTS, body)
    assert response.status_code == 201, response.content
    assert response.json()["authors"] == [
        {"member": member.pk, "member_name": member.name, "is_lead": True, "voided_at": None}
    ]


def test_report_list_filters_and_queries(people, committee, django_assert_num_queries):
    def report(member, year=2024):
        trip = ResearchTripFactory(committee=committee, start_date=datetime.date(year, 3, 1))
        link = ResearchReportAuthorFactory(report__meeting=trip, member=member, is_lead=True)
        ResearchReportAuthorFactory(report=link.report, member=member_of(committee))
        return link.report

    mine, theirs = report(me(people.member)), report(me(people.other_member), 2025)
    client = client_for(people.staff)
    assert ids(client.get(REPORTS, {"member": me(people.member).pk})) == [mine.pk]
    assert ids(client.get(REPORTS, {"year": 2025})) == [theirs.pk]
    assert ids(client.get(REPORTS, {"meeting": mine.meeting_id})) == [mine.pk]
    assert ids(client_for(people.other_staff).get(REPORTS)) == []

    count = queries_for(client, REPORTS)
    for _ in range(4):
        report(member_of(committee))
    with django_assert_num_queries(count):
        assert len(ids(client.get(REPORTS))) == 6


# --- study notes ------------------------------------------------------------------------------


def test_a_member_writes_a_study_note_from_a_training_session(people, committee):
    member = me(people.member)
    training = attended(member, kind=MeetingKind.TRAINING)
    body = {"title": "学习心得", "written_on": "2024-04-02", "body": "体会", "meeting": training.pk}
    response = post(people.member, NOTES, body)
    assert response.status_code == 201, response.content
    note = StudyNote.objects.get(pk=response.json()["id"])
    assert note.member == member and note.meeting == training

    plenary = attended(member, kind=MeetingKind.PLENARY)  # not a learning session
    response = post(people.member, NOTES, {**body, "meeting": plenary.pk, "body": ""})
    assert response.status_code == 400
    assert set(response.json()) == {"meeting", "body"}
    assert_chinese(response.json()["meeting"])
    assert StudyNote.objects.count() == 1


def test_a_member_cannot_write_a_note_for_someone_else(people, committee):
    other = me(people.other_member)
    body = {"member": other.pk, "title": "心得", "written_on": "2024-04-02", "body": "体会"}
    response = post(people.member, NOTES, body)
    assert response.status_code == 201
    assert StudyNote.objects.get().member == me(people.member)
    assert post(people.unit_user, NOTES, body).status_code == 403


def test_staff_record_a_note_and_read_their_committees(people, committee, other_committee):
    member = me(people.member)
    response = post(
        people.staff,
        NOTES,
        {
            "member": member.pk,
            "title": "心得",
            "written_on": "2024-04-02",
            "body": "体会",
        },
    )
    assert response.status_code == 201
    StudyNoteFactory(member=member_of(other_committee))
    assert ids(client_for(people.staff).get(NOTES)) == [response.json()["id"]]
    assert ids(client_for(people.other_member).get(NOTES)) == []


def test_note_list_filters_and_queries(people, committee, django_assert_num_queries):
    member = me(people.member)
    old = StudyNoteFactory(member=member, written_on=datetime.date(2023, 5, 1))
    new = StudyNoteFactory(member=member, written_on=datetime.date(2024, 5, 1))
    client = client_for(people.member)
    assert ids(client.get(NOTES, {"year": 2023})) == [old.pk]
    assert ids(client.get(NOTES, {"member": member.pk})) == [new.pk, old.pk]
    count = queries_for(client, NOTES)
    StudyNoteFactory.create_batch(5, member=member)
    with django_assert_num_queries(count):
        assert len(ids(client.get(NOTES))) == 7


# --- speeches ---------------------------------------------------------------------------------


def test_staff_record_a_speech_and_members_read_their_own(people, committee):
    member = me(people.member)
    meeting = attended(member)
    body = {"member": member.pk, "meeting": meeting.pk, "kind": "oral", "title": "发言"}
    assert post(people.member, SPEECHES, body).status_code == 403
    response = post(people.staff, SPEECHES, body)
    assert response.status_code == 201, response.content
    assert Speech.objects.get().member == member
    assert ids(client_for(people.member).get(SPEECHES)) == [response.json()["id"]]
    assert ids(client_for(people.other_member).get(SPEECHES)) == []

    twice = post(people.staff, SPEECHES, body)
    assert twice.status_code == 400
    assert_chinese(twice.json()["non_field_errors"])


def test_an_absent_member_has_no_oral_speech(people, committee):
    member = me(people.member)
    meeting = attended(member, status="absent_without_leave")
    body = {"member": member.pk, "meeting": meeting.pk, "kind": "oral", "title": "发言"}
    response = post(people.staff, SPEECHES, body)
    assert response.status_code == 400
    assert_chinese(response.json()["kind"])
    not_invited = MeetingFactory(committee=committee)
    assert post(people.staff, SPEECHES, {**body, "meeting": not_invited.pk}).status_code == 404
    assert post(people.staff, SPEECHES, {**body, "kind": "written"}).status_code == 201
    assert Speech.objects.get().kind == "written"


def test_speech_list_filters_and_queries(people, committee, django_assert_num_queries):
    member = me(people.member)
    first = SpeechFactory(meeting=attended(member), member=member)
    SpeechFactory(meeting=MeetingFactory(committee=committee, start_date=datetime.date(2025, 1, 1)))
    client = client_for(people.staff)
    assert ids(client.get(SPEECHES, {"member": member.pk})) == [first.pk]
    assert ids(client.get(SPEECHES, {"year": 2024, "meeting": first.meeting_id})) == [first.pk]
    count = queries_for(client, SPEECHES)
    SpeechFactory.create_batch(5, meeting=MeetingFactory(committee=committee))
    with django_assert_num_queries(count):
        assert len(ids(client.get(SPEECHES))) == 7

"""History and deletion (SECURITY.md "History and deletion").

Every change to members, proposals, attendance, contact activities, schemes and results keeps
who, when and what before; records an assessment rests on are never deleted — not in the admin,
not through the API, and not behind their meeting's or member's back in the database.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.urls import resolve, reverse
from django.utils import timezone

from assessment import services as assessment_services
from assessment.engine import recompute
from assessment.models import AssessmentScheme, Dispute, Result, SchemeCategory, YearAction
from liaison import services as liaison_services
from liaison.models import ContactActivity
from meetings import services as meeting_services
from meetings.models import Attendance, AttendanceStatus, MeetingKind
from members.models import Member
from proposals import services as proposal_services
from proposals.models import Proposal, ProposalState
from tests.api.helpers_meetings import client_for
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import MemberFactory
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import AttendanceFactory, MeetingFactory
from tests.factories.proposals import proposal_in_state

pytestmark = pytest.mark.django_db


def changed(record) -> dict:
    """{field: (old, new)} between a history row and the one before it."""
    delta = record.diff_against(record.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


def assert_recent(record) -> None:
    assert timezone.now() - record.history_date < datetime.timedelta(minutes=1)


# --- who, when, what before ---------------------------------------------------------------------


def test_a_members_record_changed_through_the_api_keeps_the_author_and_old_value(staff):
    member = MemberFactory(committee=staff.committee, phone="13800000000")
    response = client_for(staff).patch(
        reverse("api:member-detail", args=[member.pk]), {"phone": "13912345678"}, format="json"
    )
    assert response.status_code == 200, response.content
    latest = member.history.first()
    assert latest.history_user == staff
    assert_recent(latest)
    assert changed(latest)["phone"] == ("13800000000", "13912345678")


def test_a_proposals_registration_keeps_the_author_and_old_state(staff):
    proposal = proposal_in_state(ProposalState.SUBMITTED, staff=staff, committee=staff.committee)
    proposal_services.proposal_register(proposal=proposal, by=staff)
    latest = proposal.history.first()
    assert latest.history_user == staff
    assert_recent(latest)
    assert changed(latest)["state"] == (ProposalState.SUBMITTED, ProposalState.REGISTERED)


def test_attendance_marked_in_bulk_keeps_a_history_row_per_member_with_the_author(staff):
    meeting = MeetingFactory(committee=staff.committee, kind=MeetingKind.PLENARY)
    rows = [AttendanceFactory(meeting=meeting) for _ in range(2)]
    # One UPDATE for every row (queryset.update): the service writes their history itself.
    meeting_services.attendance_mark(
        meeting=meeting,
        members=[row.member for row in rows],
        status=AttendanceStatus.ABSENT_WITHOUT_LEAVE,
        by=staff,
    )
    for row in rows:
        latest = row.history.first()
        assert latest.history_user == staff
        assert_recent(latest)
        assert changed(latest)["status"] == (
            AttendanceStatus.INVITED,
            AttendanceStatus.ABSENT_WITHOUT_LEAVE,
        )


def test_a_contact_activitys_verification_keeps_the_author_and_old_status(staff):
    activity = ContactActivityFactory(committee=staff.committee, submitted=True)
    activity.history.update(history_user=None)  # the factory's row names nobody
    liaison_services.activity_verify(activity=activity, by=staff)
    latest = activity.history.first()
    assert latest.history_user == staff
    assert_recent(latest)
    assert changed(latest)["status"] == (
        ContactActivity.Status.SUBMITTED,
        ContactActivity.Status.VERIFIED,
    )


def test_a_schemes_settings_and_parts_changed_through_the_api_keep_the_author(staff):
    scheme = assessment_services.scheme_create(
        committee=staff.committee, year=2061, name="旧名称", scoring_mode="from_zero"
    )
    category = assessment_services.category_add(scheme=scheme, name="履职实绩", cap=Decimal(80))
    client = client_for(staff)
    url = reverse("api:assessment-scheme-detail", args=[scheme.pk])
    assert client.patch(url, {"name": "新名称"}, format="json").status_code == 200
    latest = scheme.history.first()
    assert latest.history_user == staff
    assert_recent(latest)
    assert changed(latest)["name"] == ("旧名称", "新名称")

    response = client.patch(
        f"/api/v1/assessment-scheme-categories/{category.pk}/", {"cap": "60"}, format="json"
    )
    assert response.status_code == 200, response.content
    part = SchemeCategory.history.filter(id=category.pk).first()
    assert part.history_user == staff
    assert changed(part)["cap"] == (Decimal(80), Decimal(60))
    # The part's change is a new version of the scheme, recorded with its author too.
    bump = scheme.history.first()
    assert bump.history_user == staff
    assert changed(bump)["version"] == (latest.version, latest.version + 1)


def test_a_results_person_made_changes_keep_their_author(staff, committee):
    """Results are computed by the engine in bulk; what people do to them — resolving a
    dispute, finalising or re-opening the year — is recorded with its author and time."""
    member = MemberFactory(committee=committee)
    scheme = county_scheme(committee)
    recompute(committee_id=committee.pk, year=scheme.year)
    result = Result.objects.get(member=member, year=scheme.year)
    assert result.scheme_version == scheme.version and result.computed_at is not None

    dispute = assessment_services.dispute_raise(
        result=result, rule=scheme.rules.first(), comment="少算了一次活动", by=staff
    )
    assessment_services.dispute_resolve(
        dispute=dispute, by=staff, uphold=False, resolution="经核实无误"
    )
    latest = Dispute.history.filter(id=dispute.pk).first()
    assert latest.history_user == staff
    assert_recent(latest)
    assert changed(latest)["state"] == (Dispute.State.OPEN, Dispute.State.REJECTED)

    assessment_services.year_finalise(scheme=scheme, by=staff)
    assessment_services.year_reopen(scheme=scheme, by=staff, reason="补录一次活动")
    actions = YearAction.objects.filter(scheme=scheme).order_by("at")
    assert [(a.action, a.by, a.reason) for a in actions] == [
        (YearAction.Action.FINALISE, staff, ""),
        (YearAction.Action.REOPEN, staff, "补录一次活动"),
    ]
    reopened = scheme.history.first()
    assert reopened.history_user == staff
    assert changed(reopened)["state"] == (
        AssessmentScheme.State.FROZEN,
        AssessmentScheme.State.ACTIVE,
    )


# --- deleting evidence is refused ---------------------------------------------------------------


def admin_delete(client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    return client.post(url, {"post": "yes"}, follow=True)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_admin_refuses_to_delete_marked_attendance_but_not_a_bare_invitation(
    staff_client, staff
):
    meeting = MeetingFactory(committee=staff.committee)
    marked = AttendanceFactory.marked(meeting=meeting)
    invited = AttendanceFactory(meeting=meeting)

    response = admin_delete(staff_client, marked)
    assert Attendance.objects.filter(pk=marked.pk).exists()
    assert "是履职考核所依据的记录，不能删除" in messages_of(response)
    assert "改为重新登记" in messages_of(response)

    admin_delete(staff_client, invited)
    assert not Attendance.objects.filter(pk=invited.pk).exists()


def test_the_admins_delete_action_deletes_nothing_when_a_record_is_evidence(staff_client, staff):
    draft = proposal_in_state(ProposalState.DRAFT, committee=staff.committee)
    submitted = proposal_in_state(ProposalState.SUBMITTED, staff=staff, committee=staff.committee)
    response = staff_client.post(
        reverse("admin:proposals_proposal_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk, submitted.pk]},
        follow=True,
    )
    assert Proposal.objects.filter(pk__in=[draft.pk, submitted.pk]).count() == 2
    text = messages_of(response)
    assert "未删除任何记录" in text and submitted.title in text and "撤回" in text


@pytest.mark.parametrize("evidence", ["verified_activity", "participant", "member"])
def test_the_admin_refuses_to_delete_activities_their_participants_and_members(
    staff_client, staff, evidence
):
    member = MemberFactory(committee=staff.committee)
    activity = ContactActivityFactory(
        committee=staff.committee, verified=True, participants=[member]
    )
    obj = {
        "verified_activity": activity,
        "participant": activity.participants.get(),
        "member": member,
    }[evidence]
    response = admin_delete(staff_client, obj)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert "不能删除" in messages_of(response)


def test_the_meeting_form_refuses_to_delete_a_marked_attendance_row(staff_client, staff):
    meeting = MeetingFactory(committee=staff.committee)
    row = AttendanceFactory.marked(meeting=meeting)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, dict))
    }
    data.update(
        {
            "committee": meeting.committee_id,
            "start_date": meeting.start_date.isoformat(),
            "end_date": meeting.end_date.isoformat() if meeting.end_date else "",
            "attendances-TOTAL_FORMS": 1,
            "attendances-INITIAL_FORMS": 1,
            "attendances-0-id": row.pk,
            "attendances-0-meeting": meeting.pk,
            "attendances-0-member": row.member_id,
            "attendances-0-status": row.status,
            "attendances-0-half_days_present": row.half_days_present,
            "attendances-0-DELETE": "on",
            "speeches-TOTAL_FORMS": 0,
            "speeches-INITIAL_FORMS": 0,
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200  # the form again, with the refusal
    assert "是履职考核所依据的记录，不能删除" in response.content.decode()
    assert Attendance.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    "route", ["member", "proposal", "attendance", "contact-activity", "assessment-result"]
)
def test_the_api_offers_no_deletion_of_evidence(staff, committee, route):
    member = MemberFactory(committee=committee)
    obj = {
        "member": lambda: member,
        "proposal": lambda: proposal_in_state(
            ProposalState.SUBMITTED, staff=staff, committee=committee
        ),
        "attendance": lambda: AttendanceFactory.marked(meeting=MeetingFactory(committee=committee)),
        "contact-activity": lambda: ContactActivityFactory(committee=committee, verified=True),
        "assessment-result": lambda: _result(committee, member),
    }[route]()
    url = reverse(f"api:{route}-detail", args=[obj.pk])
    assert "delete" not in resolve(url).func.actions
    response = client_for(staff).delete(url)
    assert response.status_code in (403, 405)  # not offered (or not to this role at all)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def _result(committee, member) -> Result:
    scheme = county_scheme(committee)
    recompute(committee_id=committee.pk, year=scheme.year)
    return Result.objects.get(member=member)


def test_a_frozen_schemes_parts_and_the_scheme_itself_are_not_deleted(staff, staff_client):
    scheme = county_scheme(staff.committee)
    assessment_services.scheme_freeze(scheme=scheme)
    rule = scheme.rules.first()
    response = client_for(staff).delete(f"/api/v1/assessment-scheme-rules/{rule.pk}/")
    assert response.status_code in (400, 409), response.content
    assert "不能" in response.content.decode()
    staff_client.post(
        reverse("admin:assessment_assessmentscheme_delete", args=[scheme.pk]), {"post": "yes"}
    )
    assert AssessmentScheme.objects.filter(pk=scheme.pk).exists()
    assert scheme.rules.filter(pk=rule.pk).exists()


def test_the_database_keeps_evidence_when_its_meeting_or_member_is_deleted(committee):
    row = AttendanceFactory.marked(meeting=MeetingFactory(committee=committee))
    with pytest.raises(ProtectedError):
        row.meeting.delete()
    with pytest.raises(ProtectedError):
        Member.objects.filter(pk=row.member_id).delete()
    assert Attendance.objects.filter(pk=row.pk).exists()

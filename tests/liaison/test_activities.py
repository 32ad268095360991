"""Contact activities: recorded with their participants, submitted, verified or returned."""

import datetime

import pytest

from liaison import services
from liaison.models import ContactActivity, ContactActivityParticipant
from tests.factories.liaison import (
    ContactActivityFactory,
    ContactActivityParticipantFactory,
    ContactPointFactory,
    MemberFactory,
)
from tests.liaison.helpers import refused_by_db, refused_with

D = datetime.date
Status = ContactActivity.Status
pytestmark = pytest.mark.django_db


# --- what the database refuses ----------------------------------------------------------


def test_it_refuses_more_issues_resolved_than_raised(committee):
    with refused_by_db("contact_activity_resolved_within_raised"):
        ContactActivityFactory(committee=committee, issues_raised=2, issues_resolved=3)


def test_it_refuses_a_negative_number_of_people_reached(committee):
    activity = ContactActivityFactory(committee=committee)
    # The column's own positive check may fire first; either way the row is refused.
    with refused_by_db("contact_activity_counts_not_negative", also="people_reached"):
        ContactActivity.objects.filter(pk=activity.pk).update(people_reached=-1)


def test_it_refuses_an_activity_with_no_place_at_all(committee):
    with refused_by_db("contact_activity_has_location"):
        ContactActivityFactory(committee=committee, place="")


def test_a_reception_happens_at_a_contact_point(committee, point):
    with refused_by_db("contact_activity_reception_at_contact_point"):
        ContactActivityFactory(committee=committee, kind="reception")
    ContactActivityFactory(committee=committee, kind="reception", contact_point=point, place="")


def test_it_refuses_a_returned_activity_without_a_reason(committee):
    with refused_by_db("contact_activity_returned_has_reason"):
        ContactActivityFactory(committee=committee, returned=True, returned_reason="")


def test_it_refuses_a_verified_activity_without_a_verification_time(committee):
    with refused_by_db("contact_activity_verified_has_time"):
        ContactActivityFactory(committee=committee, verified=True, verified_at=None)


def test_it_refuses_a_participant_listed_twice(committee, make_member):
    member = make_member()
    activity = ContactActivityFactory(committee=committee, participants=[member])
    with refused_by_db(
        "contact_activity_participant_unique",
        "liaison_contactactivityparticipant.activity_id",
        "liaison_contactactivityparticipant.member_id",
    ):
        ContactActivityParticipantFactory(activity=activity, member=member)


def test_it_refuses_a_participant_of_another_committee(committee):
    activity = ContactActivityFactory(committee=committee)
    with refused_by_db("cross_committee_reference"):
        ContactActivityParticipantFactory(activity=activity, member=MemberFactory())


def test_it_refuses_a_contact_point_of_another_committee(committee):
    with refused_by_db("cross_committee_reference"):
        ContactActivityFactory(committee=committee, contact_point=ContactPointFactory())


# --- recording ----------------------------------------------------------------------------


def record(committee, members, **overrides):
    fields = {
        "committee": committee,
        "kind": ContactActivity.Kind.VISIT,
        "title": "走访幸福村",
        "date": D(2024, 5, 6),
        "place": "幸福村",
        "participants": members,
        "people_reached": 30,
        "issues_raised": 4,
        "issues_resolved": 2,
    }
    return services.activity_create(**{**fields, **overrides})


def test_it_records_an_activity_with_its_participants(committee, make_member, staff):
    a, b = make_member(), make_member()
    activity = record(committee, [a, b, a], created_by=staff)
    assert set(activity.members.all()) == {a, b}
    assert activity.status == Status.DRAFT
    assert activity.history.get().history_user == staff


def test_a_participant_from_another_committee_saves_nothing(committee, make_member):
    outsider = MemberFactory()
    with refused_with(f"{outsider} is a member of another committee."):
        record(committee, [make_member(), outsider])
    assert not ContactActivity.objects.exists()
    assert not ContactActivityParticipant.objects.exists()


def test_a_participant_who_held_no_seat_that_day_is_refused(committee, make_member):
    newcomer = make_member(joined_on=D(2024, 6, 1))
    with refused_with(f"{newcomer} did not hold a seat on 2024-05-06."):
        record(committee, [newcomer])
    assert not ContactActivity.objects.exists()


def test_it_explains_resolved_issues_above_raised(committee, make_member):
    with refused_with("Issues resolved cannot be more than the issues raised."):
        record(committee, [make_member()], issues_raised=1, issues_resolved=2)
    assert not ContactActivity.objects.exists()


def test_it_explains_a_missing_place(committee, make_member):
    with refused_with("Give the contact point or the place."):
        record(committee, [make_member()], place="")


def test_a_draft_can_be_changed_with_its_participants(committee, make_member, staff):
    a, b = make_member(), make_member()
    activity = record(committee, [a])
    services.activity_update(activity=activity, by=staff, participants=[b], people_reached=50)
    activity.refresh_from_db()
    assert list(activity.members.all()) == [b]
    assert activity.people_reached == 50


def test_moving_the_date_checks_the_participants_again(committee, make_member, staff):
    member = make_member(joined_on=D(2024, 1, 1))
    activity = record(committee, [member])
    with refused_with(f"{member} did not hold a seat on 2023-12-01."):
        services.activity_update(activity=activity, by=staff, date=D(2023, 12, 1))
    activity.refresh_from_db()
    assert activity.date == D(2024, 5, 6)


# --- the workflow ---------------------------------------------------------------------------


def test_submitted_then_verified(committee, make_member, staff):
    activity = record(committee, [make_member()])
    services.activity_submit(activity=activity, by=staff)
    activity = services.activity_verify(activity=activity, by=staff)
    assert activity.status == Status.VERIFIED
    assert activity.verified_by == staff and activity.verified_at is not None
    assert [h.status for h in activity.history.order_by("history_date")] == [
        "draft",
        "submitted",
        "verified",
    ]


def test_an_activity_without_participants_cannot_be_submitted(committee, staff):
    activity = ContactActivityFactory(committee=committee)
    with refused_with("List at least one participating member before submitting."):
        services.activity_submit(activity=activity, by=staff)
    activity.refresh_from_db()
    assert activity.status == Status.DRAFT


def test_it_refuses_verifying_a_draft(committee, staff):
    activity = ContactActivityFactory(committee=committee)
    with refused_with("Only a submitted activity can be verified; this one is “Draft”."):
        services.activity_verify(activity=activity, by=staff)


def test_a_returned_activity_is_corrected_and_resubmitted(committee, make_member, staff):
    activity = record(committee, [make_member()])
    services.activity_submit(activity=activity, by=staff)
    activity = services.activity_return(activity=activity, by=staff, reason="请补充解决问题数")
    assert (activity.status, activity.returned_reason) == (Status.RETURNED, "请补充解决问题数")

    services.activity_update(activity=activity, by=staff, issues_resolved=3)
    services.activity_resubmit(activity=activity, by=staff)
    activity = services.activity_verify(activity=activity, by=staff)
    assert (activity.status, activity.issues_resolved, activity.returned_reason) == (
        Status.VERIFIED,
        3,
        "",
    )
    returned = activity.history.filter(status="returned").earliest("history_date")
    assert (returned.history_user, returned.returned_reason) == (staff, "请补充解决问题数")


def test_returning_needs_a_reason(committee, staff):
    activity = ContactActivityFactory(committee=committee, submitted=True)
    with refused_with("Give the reason for returning the activity."):
        services.activity_return(activity=activity, by=staff, reason="  ")
    activity.refresh_from_db()
    assert activity.status == Status.SUBMITTED


def test_it_refuses_returning_a_verified_activity(committee, staff):
    activity = ContactActivityFactory(committee=committee, verified=True)
    with refused_with(
        "Only a submitted activity can be returned; this one is “Verified by staff”."
    ):
        services.activity_return(activity=activity, by=staff, reason="重新核实")


def test_it_refuses_resubmitting_what_was_not_returned(committee, staff):
    activity = ContactActivityFactory(committee=committee, submitted=True)
    with refused_with("Only a returned activity can be resubmitted; this one is “Submitted”."):
        services.activity_resubmit(activity=activity, by=staff)


def test_a_submitted_activity_cannot_be_edited(committee, make_member, staff):
    activity = ContactActivityFactory(committee=committee, submitted=True)
    with refused_with("Only a draft or returned activity can be changed; this one is “Submitted”."):
        services.activity_update(activity=activity, by=staff, people_reached=999)
    participant = ContactActivityParticipant(activity=activity, member=make_member())
    with refused_with("The members of a submitted activity cannot be changed; return it first."):
        participant.full_clean()

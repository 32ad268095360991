"""Meetings, attendance, leave requests, notifications, assessment schemes and results.

The builders make the object each row needs, in the people fixture's committee, owned by
``people.member`` (invited to the meeting, asking for leave, scored in the sector the convener
convenes and the group the leader leads).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.api.matrix import (
    BAD,
    CREATED,
    FORBIDDEN,
    NO_CONTENT,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    only,
    signed_in,
)


def _member(user):
    from members.models import Member

    return Member.objects.get(user=user)


def invitation(people, committee, *, days_ahead=7):
    from tests.factories.meetings import AttendanceFactory, MeetingFactory

    meeting = MeetingFactory(
        committee=committee, start_date=timezone.localdate() + datetime.timedelta(days=days_ahead)
    )
    return AttendanceFactory(meeting=meeting, member=_member(people.member))


def own_meeting(people, committee):
    return {"pk": invitation(people, committee).meeting_id}


def own_attendance(people, committee):
    return {"pk": invitation(people, committee).pk}


def own_leave(people, committee):
    from tests.factories.meetings import LeaveRequestFactory

    attendance = invitation(people, committee)
    return {"pk": LeaveRequestFactory(meeting=attendance.meeting, member=attendance.member).pk}


def leave_body(people, committee):
    return {"meeting": invitation(people, committee).meeting_id, "reason": "出差在外，无法参会"}


def own_notification(people, committee):
    from tests.factories.notifications import NotificationFactory

    return {"pk": NotificationFactory(committee=committee, recipient=people.member).pk}


def committee_scheme(people, committee):
    from tests.portal.matrix import scored_year

    scored_year(people, committee)
    from assessment.models import AssessmentScheme

    return {"pk": AssessmentScheme.objects.get(committee=committee, year=2024).pk}


def own_result(people, committee):
    """The member's 2024 result, recorded in the convened sector and the led group."""
    from assessment.models import Result
    from tests.portal.matrix import scored_year

    scored_year(people, committee)
    result = Result.objects.get(member=_member(people.member), year=2024)
    Result.objects.filter(pk=result.pk).update(
        sector=people.sector_convened, liaison_group=people.group_led
    )
    return {"pk": result.pk}


def dispute_body(people, committee):
    from assessment.models import SchemeRule

    rule = SchemeRule.objects.filter(scheme__committee=committee, scheme__year=2024).first()
    return {"rule": rule.pk, "comment": "全体会议出席次数少算了一次"}


def meeting_body(people, committee):
    return {
        "committee": committee.pk,
        "kind": "special_consultation",
        "title": "优化营商环境专题协商会",
        "start_date": "2026-05-20",
    }


def scheme_body(people, committee):
    return {
        "committee": committee.pk,
        "year": 2031,
        "name": "委员履职考核办法（2031）",
        "scoring_mode": "from_zero",
    }


#: Staff of the committee create; other staff name a committee they may not write (400);
#: members and units may not (403).
CREATE = {**only({"staff": CREATED}, otherwise=FORBIDDEN), "other_staff": BAD}
#: Staff of the committee may; other staff see nothing (404); members and units may not (403).
STAFF_WRITE = {
    **only({"staff": OK}, otherwise=FORBIDDEN),
    "other_staff": NOT_FOUND,
}
#: The member themself may; other members see nothing of it (404); staff and units may not.
MEMBER_WRITE = {
    **only({"member": OK}, otherwise=NOT_FOUND),
    "unit_user": FORBIDDEN,
    "staff": FORBIDDEN,
    "other_staff": FORBIDDEN,
}
#: Read by the member and the committee's staff only.
OWN_AND_STAFF = only({"member": OK, "staff": OK})


def scheme_whole(people, committee):
    return {**scheme_body(people, committee), "year": 2024, "name": "委员履职考核办法（修订）"}


ROWS = {
    ("api:meeting-list", "get"): (None, None, signed_in(OK)),
    ("api:meeting-detail", "put"): (own_meeting, meeting_body, STAFF_WRITE),
    ("api:meeting-detail", "patch"): (own_meeting, {"title": "专题协商会（改期）"}, STAFF_WRITE),
    ("api:leave-request-list", "get"): (None, None, signed_in(OK)),
    ("api:assessment-scheme-list", "get"): (None, None, signed_in(OK)),
    ("api:assessment-scheme-detail", "put"): (committee_scheme, scheme_whole, STAFF_WRITE),
    ("api:assessment-scheme-detail", "patch"): (
        committee_scheme,
        {"name": "委员履职考核办法（修订）"},
        STAFF_WRITE,
    ),
    # Meetings: staff by committee; a member those they are invited to.
    # The list route's row is the staff's create (POST); the list is read by everyone signed
    # in (tests/api/test_meetings_api.py). Naming a committee one may not write is a 400 on
    # the field (other staff do not even see it).
    ("api:meeting-list", "post"): (None, meeting_body, CREATE),
    ("api:meeting-detail", "get"): (own_meeting, None, OWN_AND_STAFF),
    # Invitations and attendance; staff of the committee mark them.
    ("api:attendance-list", "get"): (None, None, signed_in(OK)),
    ("api:attendance-detail", "get"): (own_attendance, None, OWN_AND_STAFF),
    ("api:attendance-mark", "post"): (own_attendance, {"status": "present"}, STAFF_WRITE),
    # Leave requests: the list route's row is the member's request (POST); the list itself is
    # read by everyone signed in (tests/api/test_meetings_api.py).
    ("api:leave-request-list", "post"): (None, leave_body, {**MEMBER_WRITE, "member": CREATED}),
    ("api:leave-request-detail", "get"): (own_leave, None, OWN_AND_STAFF),
    ("api:leave-request-approve", "post"): (own_leave, {"note": "同意"}, STAFF_WRITE),
    ("api:leave-request-reject", "post"): (own_leave, {"note": "会议重要"}, STAFF_WRITE),
    ("api:leave-request-withdraw", "post"): (
        own_leave,
        None,
        {**MEMBER_WRITE, "member": NO_CONTENT},
    ),
    # Notifications: only one's own.
    ("api:notification-list", "get"): (None, None, signed_in(OK)),
    ("api:notification-detail", "get"): (own_notification, None, only({"member": OK})),
    ("api:notification-mark-read", "post"): (own_notification, None, only({"member": OK})),
    ("api:notification-mark-all-read", "post"): (None, None, signed_in(OK)),
    # Assessment schemes: the committee's staff and members.
    ("api:assessment-scheme-list", "post"): (None, scheme_body, CREATE),
    ("api:assessment-scheme-detail", "get"): (
        committee_scheme,
        None,
        {
            **signed_in(OK),
            "anonymous": UNAUTHENTICATED,
            "unit_user": NOT_FOUND,
            "other_staff": NOT_FOUND,
        },
    ),
    # Results: own, the convener's sector, the leader's group, the committee's staff.
    ("api:assessment-result-list", "get"): (None, None, signed_in(OK)),
    ("api:assessment-result-detail", "get"): (
        own_result,
        None,
        only({"member": OK, "convener": OK, "leader": OK, "staff": OK}),
    ),
    ("api:assessment-result-dispute", "post"): (
        own_result,
        dispute_body,
        {**MEMBER_WRITE, "member": CREATED},
    ),
}

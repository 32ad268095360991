"""Rows for sectors, members, liaison groups, contact points, duty rosters and activities."""

import itertools

from tests.api.matrix import (
    BAD,
    CREATED,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    members,
    only,
    signed_in,
)

#: Everyone of the committee who is a member or staff reads it; others find nothing.
COMMITTEE_WIDE = {**signed_in(OK), "unit_user": NOT_FOUND, "other_staff": NOT_FOUND}


def _member(people):
    return people.member.member


def _sector(people, committee):
    return {"pk": people.sector_convened.pk}


def _convener(people, committee):
    return {"pk": people.sector_convened.conveners.get(member__user=people.convener).pk}


def _member_record(people, committee):
    return {"pk": _member(people).pk}


def _period(people, committee):
    return {"pk": _member(people).sector_periods.get().pk}


def _group(people, committee):
    return {"pk": people.group_led.pk}


def _leader_membership(people, committee):
    return {"pk": people.group_led.memberships.get(member__user=people.leader).pk}


def _point(people, committee):
    from tests.factories.liaison import ContactPointFactory

    return {"pk": ContactPointFactory(committee=committee).pk}


def _shift(people, committee):
    from tests.factories.liaison import OnDutyShiftFactory

    return {"pk": OnDutyShiftFactory(contact_point__committee=committee).pk}


def _activity(**traits):
    def build(people, committee):
        from tests.factories.liaison import ContactActivityFactory

        activity = ContactActivityFactory(
            committee=committee,
            participants=[_member(people)],
            created_by=people.member,
            **traits,
        )
        return {"pk": activity.pk}

    return build


_names = itertools.count(1)


def _sector_body(people, committee):
    return {"name": f"新界别{next(_names)}"}


def _newcomer(people, committee):
    """A member of the committee in no group and no post (so no other row's outcome changes)."""
    from tests.factories.liaison import MemberFactory

    return MemberFactory(committee=committee, sector=people.sector_convened)


def convener_body(people, committee):
    newcomer = _newcomer(people, committee)
    return {"sector": newcomer.sector_id, "member": newcomer.pk, "start_date": "2024-01-01"}


def membership_body(people, committee):
    newcomer = _newcomer(people, committee)
    return {"group": people.group_led.pk, "member": newcomer.pk, "start_date": "2024-01-01"}


def shift_body(people, committee):
    from tests.factories.liaison import ContactPointFactory

    point = ContactPointFactory(committee=committee)
    return {
        "contact_point": point.pk,
        "member": _newcomer(people, committee).pk,
        "date": "2024-03-01",
    }


ACTIVITY = {
    "kind": "visit",
    "title": "走访城关镇群众",
    "date": "2024-05-06",
    "place": "城关镇幸福村",
    "people_reached": 12,
    "issues_raised": 2,
    "issues_resolved": 1,
}

#: Staff create in their own committee; every other signed-in person may not.
STAFF_CREATE = only({"staff": CREATED}, otherwise=FORBIDDEN)
#: Staff of the committee change it; other staff do not find it; others may not.
STAFF_CHANGE = {**only({"staff": OK}, otherwise=FORBIDDEN), "other_staff": NOT_FOUND}
ROWS = {
    # Writes through the services: staff in their own committee. Another committee's staff
    # naming this committee's sector/member/group/point is a 400 on that field ("does not
    # exist"), a new sector simply lands in their own committee.
    ("api:sector-list", "post"): (None, _sector_body, {**STAFF_CREATE, "other_staff": CREATED}),
    ("api:sector-convener-list", "post"): (
        None,
        convener_body,
        {**STAFF_CREATE, "other_staff": BAD},
    ),
    ("api:liaison-group-membership-list", "post"): (
        None,
        membership_body,
        {**STAFF_CREATE, "other_staff": BAD},
    ),
    ("api:duty-shift-list", "post"): (None, shift_body, {**STAFF_CREATE, "other_staff": BAD}),
    ("api:member-detail", "patch"): (_member_record, {"phone": "13912345678"}, STAFF_CHANGE),
    # Members log their own activities; staff record on the web pages' staff side.
    ("api:contact-activity-list", "post"): (None, ACTIVITY, members(CREATED)),
    ("api:sector-list", "get"): (None, None, signed_in(OK)),
    ("api:sector-detail", "get"): (_sector, None, COMMITTEE_WIDE),
    ("api:sector-convener-list", "get"): (None, None, signed_in(OK)),
    ("api:sector-convener-detail", "get"): (_convener, None, COMMITTEE_WIDE),
    ("api:member-list", "get"): (None, None, signed_in(OK)),
    # Fellow members see the public fields (test_people_members.py checks which).
    ("api:member-detail", "get"): (_member_record, None, COMMITTEE_WIDE),
    ("api:sector-membership-list", "get"): (None, None, signed_in(OK)),
    ("api:sector-membership-detail", "get"): (
        _period,
        None,
        only({"member": OK, "staff": OK}),
    ),
    ("api:liaison-group-list", "get"): (None, None, signed_in(OK)),
    ("api:liaison-group-detail", "get"): (_group, None, COMMITTEE_WIDE),
    ("api:liaison-group-membership-list", "get"): (None, None, signed_in(OK)),
    ("api:liaison-group-membership-detail", "get"): (
        _leader_membership,
        None,
        only({"leader": OK, "staff": OK}),
    ),
    ("api:contact-point-list", "get"): (None, None, signed_in(OK)),
    ("api:contact-point-detail", "get"): (_point, None, COMMITTEE_WIDE),
    ("api:duty-shift-list", "get"): (None, None, signed_in(OK)),
    ("api:duty-shift-detail", "get"): (_shift, None, COMMITTEE_WIDE),
    ("api:contact-activity-list", "get"): (None, None, signed_in(OK)),
    ("api:contact-activity-detail", "get"): (
        _activity(submitted=True),
        None,
        only({"member": OK, "staff": OK}),
    ),
    ("api:contact-activity-verify", "post"): (
        _activity(submitted=True),
        None,
        {**only({"staff": OK}, otherwise=FORBIDDEN), "other_staff": NOT_FOUND},
    ),
    ("api:contact-activity-return-to-member", "post"): (
        _activity(submitted=True),
        {"reason": "请补充活动照片"},
        {**only({"staff": OK}, otherwise=FORBIDDEN), "other_staff": NOT_FOUND},
    ),
    ("api:contact-activity-void", "post"): (
        _activity(verified=True),
        {"reason": "重复登记"},
        {**only({"staff": OK}, otherwise=FORBIDDEN), "other_staff": NOT_FOUND},
    ),
    ("api:contact-activity-submit", "post"): (
        _activity(),
        None,
        {
            **members(NOT_FOUND),
            "member": OK,
        },
    ),
}

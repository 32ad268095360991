"""Rows for sectors, members, liaison groups, contact points, duty rosters and activities."""

from tests.api.matrix import (
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
    return {"pk": people.sector_convened.conveners.get().pk}


def _member_record(people, committee):
    return {"pk": _member(people).pk}


def _period(people, committee):
    return {"pk": _member(people).sector_periods.get().pk}


def _group(people, committee):
    return {"pk": people.group_led.pk}


def _leader_membership(people, committee):
    return {"pk": people.group_led.memberships.get().pk}


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


# The writes (sector POST, member PATCH, activity POST) × every role are in
# test_people_writes.py: the matrix holds one row per route name, i.e. the GET.
ROWS = {
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
    ("api:contact-activity-submit", "post"): (
        _activity(),
        None,
        {
            **members(NOT_FOUND),
            "member": OK,
        },
    ),
}

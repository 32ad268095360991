"""Rows for the writes on committees, sectors, conveners, members, liaison groups, memberships
and contact points: staff of the committee may; other committees' staff find nothing (404) or
may not name this committee's records (400); everyone else may not (403)."""

import datetime

from tests.api.matrix import BAD, CREATED, FORBIDDEN, NO_CONTENT, NOT_FOUND, OK, signed_in

#: Only the committee's staff; another committee's staff do not find the row.
STAFF_OF_THE_COMMITTEE = {**signed_in(FORBIDDEN), "staff": OK, "other_staff": NOT_FOUND}


def staff_only(outcome, other_staff):
    return {**signed_in(FORBIDDEN), "staff": outcome, "other_staff": other_staff}


def _committee(people, committee):
    return {"pk": committee.pk}


def _sector(people, committee):
    from tests.factories.core import SectorFactory

    return {"pk": SectorFactory(committee=committee).pk}


def _open_convener(people, committee):
    from tests.factories.members import SectorConvenerFactory
    from tests.factories.proposals import member_of

    return {"pk": SectorConvenerFactory(member=member_of(committee)).pk}


def _active_member(people, committee):
    from tests.factories.proposals import member_of

    return {"pk": member_of(committee).pk}


def _group(people, committee):
    from tests.factories.liaison import LiaisonGroupFactory

    return {"pk": LiaisonGroupFactory(committee=committee).pk}


def _group_with_approval(people, committee):
    from tests.factories.liaison import LeaderApprovalFactory

    approval = LeaderApprovalFactory(group__committee=committee, approved=True)
    return {"pk": approval.group_id}


def _approval_body(people, committee):
    from liaison.models import LeaderApproval

    approval = LeaderApproval.objects.filter(group__committee=committee).latest("pk")
    return {"approval": approval.pk, "effective_date": "2022-03-01"}


def _membership(people, committee):
    from tests.factories.liaison import LiaisonGroupMembershipFactory
    from tests.factories.proposals import member_of

    membership = LiaisonGroupMembershipFactory(
        group__committee=committee, member=member_of(committee)
    )
    return {"pk": membership.pk}


def _move_body(people, committee):
    from tests.factories.liaison import LiaisonGroupFactory

    return {"group": LiaisonGroupFactory(committee=committee).pk, "effective_date": "2024-01-01"}


def _point(people, committee):
    from tests.factories.liaison import ContactPointFactory

    return {"pk": ContactPointFactory(committee=committee).pk}


def _point_of_group(people, committee):
    from tests.factories.liaison import ContactPointFactory

    return {"pk": ContactPointFactory(committee=committee, liaison_group=people.group_led).pk}


def _new_member_body(people, committee):
    from tests.factories.proposals import term_of

    return {
        "term": term_of(committee).pk,
        "sector": people.sector_convened.pk,
        "name": "新委员",
        "gender": "male",
        "party": "non_party",
        "work_unit": "县第一中学",
        "joined_on": "2022-01-10",
    }


def _move_sector_body(people, committee):
    from tests.factories.core import SectorFactory

    return {"sector": SectorFactory(committee=committee).pk, "effective_date": "2024-01-01"}


_TODAY = datetime.date(2024, 6, 3).isoformat()
_GROUP = {"name": "新的联络组", "kind": "township", "area_name": "城关镇"}
_POINT = {"name": "新的联络点", "kind": "contact_point"}

ROWS = {
    ("api:committee-detail", "patch"): (
        _committee,
        {"short_name": "县政协"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:committee-detail", "put"): (
        _committee,
        {"name": "某县政协", "region": "某县"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:sector-detail", "patch"): (_sector, {"code": "S1"}, STAFF_OF_THE_COMMITTEE),
    ("api:sector-detail", "put"): (_sector, {"name": "改名的界别"}, STAFF_OF_THE_COMMITTEE),
    ("api:sector-detail", "delete"): (_sector, None, staff_only(NO_CONTENT, NOT_FOUND)),
    ("api:sector-convener-end", "post"): (
        _open_convener,
        {"end_date": "2024-06-30"},
        STAFF_OF_THE_COMMITTEE,
    ),
    # Another committee's staff cannot name this committee's term or sector.
    ("api:member-list", "post"): (None, _new_member_body, staff_only(CREATED, BAD)),
    ("api:member-move-sector", "post"): (
        _active_member,
        _move_sector_body,
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:member-leave", "post"): (
        _active_member,
        {"status": "resigned", "left_on": "2024-06-30"},
        STAFF_OF_THE_COMMITTEE,
    ),
    # Each committee's staff create the group in their own committee.
    ("api:liaison-group-list", "post"): (None, _GROUP, staff_only(CREATED, CREATED)),
    ("api:liaison-group-detail", "patch"): (
        _group,
        {"area_name": "东城街道"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:liaison-group-detail", "put"): (
        _group,
        {**_GROUP, "name": "改名的联络组"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:liaison-group-set-leader", "post"): (
        _group_with_approval,
        _approval_body,
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:liaison-group-membership-move", "post"): (
        _membership,
        _move_body,
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:liaison-group-membership-end", "post"): (
        _membership,
        {"end_date": "2024-06-30"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:contact-point-list", "post"): (None, _POINT, staff_only(CREATED, CREATED)),
    ("api:contact-point-detail", "patch"): (
        _point,
        {"phone": "0731-1234567"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:contact-point-detail", "put"): (
        _point,
        {**_POINT, "name": "改名的联络点"},
        STAFF_OF_THE_COMMITTEE,
    ),
    ("api:contact-point-generate-roster", "post"): (
        _point_of_group,
        {"start_date": _TODAY, "end_date": _TODAY},
        staff_only(CREATED, NOT_FOUND),
    ),
}

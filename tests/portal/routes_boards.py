"""Matrix rows of the boards: the landing page, the Excel exports, the drill-down to a member's
file, and a group leader's own group work (work plan, year-end report, activities)."""

from __future__ import annotations

from members.models import Member
from tests.factories.liaison import ContactActivityFactory
from tests.portal.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, only

CONVENER_ONLY = only({"convener": OK, "other_convener": NOT_FOUND}, otherwise=FORBIDDEN)
LEADER_ONLY = only({"leader": OK}, otherwise=FORBIDDEN)


def sector_year(people, committee):
    return {"sector_id": people.sector_convened.pk, "year": 2024}


def group_year(people, committee):
    return {"group_id": people.group_led.pk, "year": 2024}


def sector_colleague(people, committee):
    # The convener is a member of the sector they convene: their own line on the board.
    return {
        **sector_year(people, committee),
        "member_id": Member.objects.get(user=people.convener).pk,
    }


def group_colleague(people, committee):
    return {**group_year(people, committee), "member_id": Member.objects.get(user=people.leader).pk}


def group_activity(people, committee):
    activity = ContactActivityFactory(committee=committee, liaison_group=people.group_led)
    return {"group_id": people.group_led.pk, "pk": activity.pk}


ROWS = {
    # Straight to the one board a convener or leader has; 403 to anyone without a board.
    "portal:boards": (
        "get",
        None,
        None,
        only({"convener": REDIRECT, "other_convener": REDIRECT, "leader": REDIRECT}, FORBIDDEN),
    ),
    "portal:sector_board_export": ("get", sector_year, None, CONVENER_ONLY),
    "portal:group_board_export": ("get", group_year, None, LEADER_ONLY),
    # A member of the convener's own sector; another convener is told it does not exist.
    "portal:sector_member": ("get", sector_colleague, None, CONVENER_ONLY),
    "portal:group_member": ("get", group_colleague, None, LEADER_ONLY),
    "group_work:work_plan": ("get", group_year, None, LEADER_ONLY),
    "group_work:year_end_report": ("get", group_year, None, LEADER_ONLY),
    "group_work:activities": ("get", group_year, None, LEADER_ONLY),
    "group_work:activity_new": (
        "get",
        lambda p, c: {"group_id": p.group_led.pk},
        None,
        LEADER_ONLY,
    ),
    "group_work:activity": ("get", group_activity, None, LEADER_ONLY),
}

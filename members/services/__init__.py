"""Writes for members, called by the admin, the roster import and (later) views and the API."""

from .members import (
    LEAVING_STATUSES,
    MEMBER_PROFILE_FIELDS,
    MEMBER_UPDATE_FIELDS,
    member_create,
    member_leave,
    member_move_sector,
    member_register,
    member_register_check,
    member_update,
    member_update_check,
    members_register,
)
from .seats import (
    commendation_create,
    position_assign,
    position_end,
    special_committee_membership_end,
    special_committee_membership_start,
)

__all__ = [
    "LEAVING_STATUSES",
    "MEMBER_PROFILE_FIELDS",
    "MEMBER_UPDATE_FIELDS",
    "commendation_create",
    "member_create",
    "member_leave",
    "member_move_sector",
    "member_register",
    "member_register_check",
    "member_update",
    "member_update_check",
    "members_register",
    "position_assign",
    "position_end",
    "special_committee_membership_end",
    "special_committee_membership_start",
]

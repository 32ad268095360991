from .contact import (
    TEN_HAVES,
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    OnDutyShift,
    member_serves_on,
)
from .groups import LeaderApproval, LiaisonGroup, LiaisonGroupMembership
from .plans import DocumentState, WorkPlan, YearEndReport

__all__ = [
    "TEN_HAVES",
    "ContactActivity",
    "ContactActivityParticipant",
    "ContactPoint",
    "DocumentState",
    "LeaderApproval",
    "LiaisonGroup",
    "LiaisonGroupMembership",
    "OnDutyShift",
    "WorkPlan",
    "YearEndReport",
    "member_serves_on",
]

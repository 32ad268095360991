from .activities import ContactActivity, ContactActivityParticipant
from .common import member_serves_on
from .duty import OnDutyShift
from .groups import LeaderApproval, LiaisonGroup, LiaisonGroupMembership
from .plans import DocumentState, WorkPlan, YearEndReport
from .points import TEN_HAVES, ContactPoint

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

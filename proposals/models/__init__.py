"""Proposals (提案), social-conditions reports (社情民意信息) and proposal clues (提案线索)."""

from .clues import ClueStatus, ProposalClue
from .handling import ProposalAssignment, ProposalCoSigner, ProposalFollowUp
from .proposal import Proposal, ProposalSerialCounter
from .proposal_choices import (
    ANSWERED_STATES,
    ASSIGNED_STATES,
    REGISTERED_STATES,
    SUBMITTED_STATES,
    AnswerCategory,
    Conversion,
    ProposalCategory,
    ProposalState,
    Satisfaction,
    SubmitterKind,
)
from .reports import SocialReport, SocialReportAuthor, SocialReportInstruction, SocialReportState
from .units import HandlingUnit, HandlingUnitUser

__all__ = [
    "ANSWERED_STATES",
    "ASSIGNED_STATES",
    "REGISTERED_STATES",
    "SUBMITTED_STATES",
    "AnswerCategory",
    "ClueStatus",
    "Conversion",
    "HandlingUnit",
    "HandlingUnitUser",
    "Proposal",
    "ProposalAssignment",
    "ProposalCategory",
    "ProposalClue",
    "ProposalCoSigner",
    "ProposalFollowUp",
    "ProposalSerialCounter",
    "ProposalState",
    "Satisfaction",
    "SocialReport",
    "SocialReportAuthor",
    "SocialReportInstruction",
    "SocialReportState",
    "SubmitterKind",
]

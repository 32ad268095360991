"""Annual assessment schemes (履职考核办法) kept as data, one per committee and year.

A scheme holds categories with caps and floors, point rules by duty kind, minimum requirements
that cap the grade, qualitative evaluations with their weights, and grades with their
consequences. Everything changes through ``assessment.services``, which bumps the scheme's
version and refuses to touch a frozen scheme.
"""

from .results import (
    Dispute,
    RecomputeRequest,
    RecomputeRun,
    Result,
    ResultCategory,
    ResultLine,
    ResultMinimum,
    ResultQualitative,
    ResultRevision,
    ScoredFact,
    YearAction,
)
from .rules import (
    ATTENDANCE_DUTIES,
    PROPOSAL_OUTCOMES,
    REPORT_OUTCOMES,
    CreditRole,
    DutyKind,
    MinimumRequirement,
    Outcome,
    SchemeRule,
)
from .schemes import AssessmentScheme, GradeBand, QualitativePart, SchemeCategory

__all__ = [
    "ATTENDANCE_DUTIES",
    "PROPOSAL_OUTCOMES",
    "REPORT_OUTCOMES",
    "AssessmentScheme",
    "CreditRole",
    "Dispute",
    "DutyKind",
    "GradeBand",
    "MinimumRequirement",
    "Outcome",
    "QualitativePart",
    "RecomputeRequest",
    "RecomputeRun",
    "Result",
    "ResultCategory",
    "ResultLine",
    "ResultMinimum",
    "ResultQualitative",
    "ResultRevision",
    "SchemeCategory",
    "SchemeRule",
    "ScoredFact",
    "YearAction",
]

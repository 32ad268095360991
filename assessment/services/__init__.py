"""Writes of the assessment app: schemes and their parts (``schemes``), and the assessment year —
recompute requests, finalising and re-opening, disputes (``results``)."""

from .results import (
    dispute_raise,
    dispute_resolve,
    request_recompute,
    take_recompute_requests,
    year_finalise,
    year_recompute,
    year_reopen,
)
from .schemes import *  # noqa: F403
from .schemes import PART_MODELS, SCHEME_EDITABLE_FIELDS

__all__ = [  # noqa: F405
    "PART_MODELS",
    "SCHEME_EDITABLE_FIELDS",
    "category_add",
    "dispute_raise",
    "dispute_resolve",
    "grade_add",
    "minimum_add",
    "qualitative_part_add",
    "request_recompute",
    "rule_add",
    "scheme_activate",
    "scheme_copy_from_previous_year",
    "scheme_create",
    "scheme_freeze",
    "scheme_mark_changed",
    "scheme_part_remove",
    "scheme_part_update",
    "scheme_update",
    "take_recompute_requests",
    "year_finalise",
    "year_recompute",
    "year_reopen",
]

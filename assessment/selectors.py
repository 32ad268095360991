"""Reads of assessment schemes."""

from __future__ import annotations

from django.db.models import Prefetch

from committees.models import Committee

from .models import AssessmentScheme, MinimumRequirement, SchemeRule


def scheme_for(*, committee: Committee, year: int) -> AssessmentScheme | None:
    """The committee's scheme for the year with all its parts loaded, or None."""
    return (
        AssessmentScheme.objects.filter(committee=committee, year=year)
        .prefetch_related(
            "categories",
            Prefetch("rules", queryset=SchemeRule.objects.select_related("category")),
            Prefetch(
                "minimums",
                queryset=MinimumRequirement.objects.select_related("grade_cap").prefetch_related(
                    "rules"
                ),
            ),
            "qualitative_parts",
            "grades",
        )
        .first()
    )

"""Reads: who sees which proposals and reports, lists, deadlines and yearly figures."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Count, F, Q, QuerySet

from committees import access
from committees.models import Committee
from members.models import Member

from .models import (
    SUBMITTED_STATES,
    AnswerCategory,
    Conversion,
    HandlingUnitUser,
    Proposal,
    ProposalAssignment,
    ProposalCoSigner,
    ProposalState,
    Satisfaction,
    SocialReport,
    SocialReportState,
)


def _member_id(user) -> int | None:
    member = getattr(user, "member", None)
    return member.pk if member is not None else None


def proposals_for_user(user) -> QuerySet[Proposal]:
    """Proposals a person may read.

    Staff read their committee's and those below it; a member reads proposals they proposed or
    were invited to co-sign; a handling-unit officer reads proposals assigned to their unit.
    """
    queryset = Proposal.objects.select_related(
        "committee", "first_proposer", "submitting_sector", "submitting_special_committee"
    )
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    visible = Q(pk__in=[])
    if user.is_staff:
        visible |= Q(committee__in=access.readable_committees(user).values("pk"))
    member_id = _member_id(user)
    if member_id is not None:
        visible |= Q(first_proposer_id=member_id) | Q(
            pk__in=ProposalCoSigner.objects.filter(member_id=member_id).values("proposal_id")
        )
    unit_ids = HandlingUnitUser.objects.filter(user=user).values("unit_id")
    visible |= Q(
        pk__in=ProposalAssignment.objects.filter(unit_id__in=unit_ids).values("proposal_id")
    )
    return queryset.filter(visible)


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")
    unit = django_filters.NumberFilter(field_name="assignments__unit", distinct=True)

    class Meta:
        model = Proposal
        fields = [
            "state",
            "year",
            "category",
            "submitter_kind",
            "answer_category",
            "satisfaction",
            "is_key",
            "is_excellent",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(first_proposer__name__icontains=value))


def proposal_list(*, user, filters: dict[str, Any] | None = None) -> QuerySet[Proposal]:
    return ProposalFilter(filters or {}, proposals_for_user(user)).qs


def proposals_in_state(*, committee: Committee, state: str) -> QuerySet[Proposal]:
    return Proposal.objects.filter(committee=committee, state=state).select_related(
        "first_proposer"
    )


def proposals_of_member(*, member: Member, year: int | None = None) -> QuerySet[Proposal]:
    """Proposals the member put their name to: as first proposer or confirmed co-signer."""
    confirmed = ProposalCoSigner.objects.filter(
        member=member, status=ProposalCoSigner.Status.CONFIRMED
    ).values("proposal_id")
    queryset = Proposal.objects.filter(Q(first_proposer=member) | Q(pk__in=confirmed))
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


def proposal_confirmed_cosigners(proposal: Proposal) -> QuerySet[Member]:
    return Member.objects.filter(
        proposal_cosignatures__proposal=proposal,
        proposal_cosignatures__status=ProposalCoSigner.Status.CONFIRMED,
    ).order_by("proposal_cosignatures__invited_at")


def assignments_open(*, committee: Committee | None = None) -> QuerySet[ProposalAssignment]:
    """Assignments of the current round still waiting for their unit's reply."""
    queryset = ProposalAssignment.objects.filter(
        replied_on__isnull=True,
        proposal__state__in=[
            ProposalState.ASSIGNED,
            ProposalState.REOPENED,
            ProposalState.ANSWERED,
        ],
    ).select_related("proposal", "unit")
    if committee is not None:
        queryset = queryset.filter(proposal__committee=committee)
    # Earlier rounds are over once a new round starts.
    return queryset.filter(round=F("proposal__handling_round"))


def assignments_due_within(
    *, on: datetime.date, days: int, committee: Committee | None = None
) -> QuerySet[ProposalAssignment]:
    """Replies due between ``on`` and ``days`` later (for reminders)."""
    return assignments_open(committee=committee).filter(
        deadline__gte=on, deadline__lte=on + datetime.timedelta(days=days)
    )


def assignments_overdue(
    *, on: datetime.date, committee: Committee | None = None
) -> QuerySet[ProposalAssignment]:
    return assignments_open(committee=committee).filter(deadline__lt=on)


def proposals_awaiting_rating(*, committee: Committee | None = None) -> QuerySet[Proposal]:
    queryset = Proposal.objects.filter(state=ProposalState.ANSWERED).select_related(
        "first_proposer"
    )
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset


def proposal_year_summary(*, committee: Committee, year: int) -> dict[str, int]:
    """The figures a work report quotes, in one query: received, registered, not registered (and
    what those were converted to), A/B/C/D mix, ratings. Counted by the proposal's year."""
    received = Q(state__in=SUBMITTED_STATES) | Q(
        state=ProposalState.WITHDRAWN, submitted_at__isnull=False
    )
    aggregates = {
        "received": Count("pk", filter=received),
        "registered": Count("pk", filter=Q(serial_number__isnull=False)),
        "not_registered": Count("pk", filter=Q(state=ProposalState.NOT_REGISTERED)),
        "withdrawn": Count("pk", filter=Q(state=ProposalState.WITHDRAWN)),
        "converted_to_report": Count("pk", filter=Q(conversion=Conversion.SOCIAL_REPORT)),
        "converted_to_opinion": Count("pk", filter=Q(conversion=Conversion.OPINION)),
        "answered": Count("pk", filter=~Q(answer_category="")),
        "key": Count("pk", filter=Q(is_key=True)),
        "excellent": Count("pk", filter=Q(is_excellent=True)),
        "closed": Count("pk", filter=Q(state=ProposalState.CLOSED)),
    }
    for category in AnswerCategory.values:
        aggregates[f"category_{category}"] = Count("pk", filter=Q(answer_category=category))
    for rating in Satisfaction.values:
        aggregates[rating] = Count("pk", filter=Q(satisfaction=rating))
    return Proposal.objects.filter(committee=committee, year=year).aggregate(**aggregates)


def social_reports_for_user(user) -> QuerySet[SocialReport]:
    queryset = SocialReport.objects.select_related("committee")
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    visible = Q(pk__in=[])
    if user.is_staff:
        visible |= Q(committee__in=access.readable_committees(user).values("pk"))
    member_id = _member_id(user)
    if member_id is not None:
        visible |= Q(
            pk__in=SocialReport.authors.through.objects.filter(member_id=member_id).values(
                "report_id"
            )
        )
    return queryset.filter(visible)


def social_report_year_summary(*, committee: Committee, year: int) -> dict[str, int]:
    return SocialReport.objects.filter(committee=committee, year=year).aggregate(
        # distinct: the join with instructions repeats a report once per instruction.
        submitted=Count("pk", filter=~Q(state=SocialReportState.DRAFT), distinct=True),
        adopted=Count("pk", filter=Q(state=SocialReportState.ADOPTED), distinct=True),
        forwarded=Count("pk", filter=Q(forwarded_on__isnull=False), distinct=True),
        adopted_by_higher_level=Count(
            "pk", filter=Q(higher_adopted_on__isnull=False), distinct=True
        ),
        with_instruction=Count("pk", filter=Q(instructions__isnull=False), distinct=True),
    )

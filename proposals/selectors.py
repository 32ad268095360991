"""Reads: who sees which proposals and reports, lists, deadlines and yearly figures."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

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


# The browser side: a member's own proposals and reports, a handling unit's inbox.

#: A reply due within this many days is highlighted in a unit's inbox.
DUE_SOON_DAYS = 7
#: States in which the units of the current round may still reply (co-units after the lead too).
REPLYING_STATES = (ProposalState.ASSIGNED, ProposalState.REOPENED, ProposalState.ANSWERED)


def member_proposals(*, member_id: int) -> QuerySet[Proposal]:
    """Proposals the member drafted or was invited to co-sign, each with ``my_cosign_status``
    (empty for their own proposals), newest first."""
    invitation = ProposalCoSigner.objects.filter(proposal=OuterRef("pk"), member_id=member_id)
    return (
        Proposal.objects.filter(
            Q(first_proposer_id=member_id) | Q(pk__in=invitation.values("proposal_id"))
        )
        .annotate(my_cosign_status=Subquery(invitation.values("status")[:1]))
        .select_related("first_proposer")
        .order_by("-created_at", "-pk")
    )


def member_proposal_or_none(*, member_id: int, pk: int) -> Proposal | None:
    """One proposal the member drafted or was invited to co-sign, or None."""
    return member_proposals(member_id=member_id).filter(pk=pk).first()


def proposal_cosigners(proposal: Proposal) -> QuerySet[ProposalCoSigner]:
    return proposal.cosigners.select_related("member").order_by("invited_at", "pk")


def cosigner_candidates(*, proposal: Proposal, query: str, limit: int = 20) -> list[Member]:
    """Active members of the proposal's committee a proposer may still invite, by name."""
    query = query.strip()
    if not query:
        return []
    return list(
        Member.objects.filter(
            committee_id=proposal.committee_id,
            status=Member.Status.ACTIVE,
            name__icontains=query,
        )
        .exclude(pk=proposal.first_proposer_id)
        .exclude(pk__in=proposal.cosigners.values("member_id"))
        .select_related("sector")
        .order_by("name", "pk")[:limit]
    )


def proposal_state_history(proposal: Proposal) -> list[dict[str, Any]]:
    """Each state the proposal entered, oldest first, with when it entered it."""
    steps: list[dict[str, Any]] = []
    labels = dict(ProposalState.choices)
    for row in proposal.history.order_by("history_date", "history_id").values(
        "state", "history_date"
    ):
        if not steps or steps[-1]["state"] != row["state"]:
            steps.append(
                {"state": row["state"], "label": labels[row["state"]], "at": row["history_date"]}
            )
    return steps


def proposal_replies(proposal: Proposal) -> QuerySet[ProposalAssignment]:
    """The units' replies to a proposal, every handling round, lead unit first in each round."""
    return (
        proposal.assignments.filter(replied_on__isnull=False)
        .select_related("unit")
        .order_by("round", "-role", "replied_on", "pk")
    )


def member_social_reports(*, member_id: int) -> QuerySet[SocialReport]:
    """Reports the member wrote or co-wrote, newest first, with the number of instructions."""
    return (
        SocialReport.objects.filter(
            pk__in=SocialReport.authors.through.objects.filter(member_id=member_id).values(
                "report_id"
            )
        )
        .annotate(instruction_count=Count("instructions"))
        .order_by("-created_at", "-pk")
    )


def unit_assignments(*, unit_ids) -> QuerySet[ProposalAssignment]:
    """Every assignment of the given units, with its proposal, unit and proposer."""
    return ProposalAssignment.objects.filter(unit_id__in=unit_ids).select_related(
        "proposal", "proposal__first_proposer", "unit"
    )


def unit_inbox(*, unit_ids, on: datetime.date) -> dict[str, Any]:
    """A handling unit's inbox: replies still owed (the overdue first, then by deadline) and
    replies given (latest first, with the proposer's rating once it comes)."""
    open_ = (
        unit_assignments(unit_ids=unit_ids)
        .filter(
            replied_on__isnull=True,
            round=F("proposal__handling_round"),
            proposal__state__in=REPLYING_STATES,
        )
        .order_by("deadline", "proposal_id", "pk")
    )
    answered = (
        unit_assignments(unit_ids=unit_ids)
        .filter(replied_on__isnull=False)
        .order_by("-replied_on", "-pk")
    )
    return {
        "open": open_,
        "answered": answered,
        "due_soon": on + datetime.timedelta(days=DUE_SOON_DAYS),
    }


def unit_proposals(*, unit_ids) -> QuerySet[Proposal]:
    """Proposals assigned, in any round, to one of the given units."""
    return Proposal.objects.filter(
        pk__in=ProposalAssignment.objects.filter(unit_id__in=unit_ids).values("proposal_id")
    ).select_related("first_proposer")

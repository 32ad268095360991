"""Reads about liaison groups and contact with the masses.

A duty is attributed to the liaison group the member was in *on the day of the duty*, read from
the dated memberships; the queryset helpers do this set-based, one subquery per row in SQL.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from committees.models import Committee
from members.models import Member

from .models import (
    TEN_HAVES,
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    DocumentState,
    LiaisonGroup,
    LiaisonGroupMembership,
    OnDutyShift,
    WorkPlan,
    YearEndReport,
)

Status = ContactActivity.Status
COUNTED = (Status.VERIFIED,)


# --- groups and memberships ---------------------------------------------------------------


def group_on(member: Member, day: datetime.date) -> LiaisonGroup | None:
    """The liaison group the member was in on ``day`` (None if in none)."""
    period = (
        LiaisonGroupMembership.objects.filter(member=member).on(day).select_related("group").first()
    )
    return period.group if period else None


def with_group_on(
    queryset: QuerySet[Member], day: datetime.date, *, name: str = "liaison_group_on_id"
) -> QuerySet[Member]:
    """Annotate each member with the id of the liaison group they were in on ``day``."""
    periods = LiaisonGroupMembership.objects.filter(member=OuterRef("pk")).on(day)
    # Periods never overlap; their own order keeps the default one (group → committee) out.
    periods = periods.order_by("-start_date")
    return queryset.annotate(**{name: Subquery(periods.values("group_id")[:1])})


def members_of_group_on(group: LiaisonGroup, day: datetime.date) -> QuerySet[Member]:
    """Members of ``group`` on ``day``, whatever group they are in now."""
    periods = LiaisonGroupMembership.objects.filter(group=group).on(day)
    return Member.objects.filter(pk__in=periods.values("member_id"))


def groups_with_summary(
    queryset: QuerySet[LiaisonGroup], day: datetime.date
) -> QuerySet[LiaisonGroup]:
    """Annotate groups with their leader's name and member count on ``day``."""
    periods = LiaisonGroupMembership.objects.filter(group=OuterRef("pk")).on(day)
    leader = periods.filter(role=LiaisonGroupMembership.Role.LEADER)
    count = periods.order_by().values("group").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        leader_name_on=Subquery(leader.values("member__name")[:1]),
        member_count_on=Coalesce(Subquery(count, output_field=IntegerField()), 0),
    )


def groups_missing_work_plan(committee: Committee, year: int) -> QuerySet[LiaisonGroup]:
    """Active groups that have not submitted their work plan for ``year``."""
    submitted = WorkPlan.objects.filter(year=year, state=DocumentState.SUBMITTED)
    return committee.liaison_groups.filter(is_active=True).exclude(
        pk__in=submitted.values("group_id")
    )


def groups_missing_year_end_report(committee: Committee, year: int) -> QuerySet[LiaisonGroup]:
    submitted = YearEndReport.objects.filter(year=year, state=DocumentState.SUBMITTED)
    return committee.liaison_groups.filter(is_active=True).exclude(
        pk__in=submitted.values("group_id")
    )


# --- contact points and the roster ----------------------------------------------------------


def with_ten_haves_count(
    queryset: QuerySet[ContactPoint], *, name: str = "ten_haves_met"
) -> QuerySet[ContactPoint]:
    """Annotate each point with how many of the "ten haves" it meets (0-10)."""
    as_number = [Cast(item, IntegerField()) for item in TEN_HAVES]
    total = sum(as_number[1:], as_number[0])
    return queryset.annotate(**{name: total})


def meeting_all_ten_haves(queryset: QuerySet[ContactPoint]) -> QuerySet[ContactPoint]:
    return queryset.filter(**{item: True for item in TEN_HAVES})


def missing_any_ten_haves(queryset: QuerySet[ContactPoint]) -> QuerySet[ContactPoint]:
    condition = Q()
    for item in TEN_HAVES:
        condition |= Q(**{item: False})
    return queryset.filter(condition)


def duty_shifts_on(committee: Committee, day: datetime.date) -> QuerySet[OnDutyShift]:
    """Who is on duty where on ``day`` (e.g. tomorrow's reminder)."""
    return (
        OnDutyShift.objects.filter(contact_point__committee=committee, date=day)
        .select_related("contact_point", "member")
        .order_by("contact_point__name")
    )


# --- what the public sees of the contact points ----------------------------------------------


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the week ``day`` falls in."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def public_contact_points(
    *, committee_id: int | None = None, shifts_from: datetime.date, shifts_to: datetime.date
) -> QuerySet[ContactPoint]:
    """Active contact points with their committee, and their roster between the two dates in
    ``point.shifts`` (each shift with its member): two queries however many points there are."""
    points = ContactPoint.objects.filter(is_active=True)
    if committee_id is not None:
        points = points.filter(committee_id=committee_id)
    shifts = (
        OnDutyShift.objects.filter(date__range=(shifts_from, shifts_to))
        .select_related("member__sector")
        .order_by("date")
    )
    return (
        points.select_related("committee")
        .prefetch_related(Prefetch("duty_shifts", queryset=shifts, to_attr="shifts"))
        .order_by("committee__path", "committee__name", "name")
    )


def public_contact_point(pk: int, *, shifts_from: datetime.date, shifts_to: datetime.date):
    """One active point with its convener, liaison person and group, and its roster between
    the two dates in ``point.shifts``; inactive or unknown points raise ``DoesNotExist``."""
    return (
        public_contact_points(shifts_from=shifts_from, shifts_to=shifts_to)
        .select_related("convener", "liaison_person", "liaison_group")
        .get(pk=pk)
    )


def committees_with_public_points() -> QuerySet[Committee]:
    """The committees that have at least one active contact point (for the public filter)."""
    points = ContactPoint.objects.filter(is_active=True)
    return Committee.objects.filter(pk__in=points.values("committee_id")).order_by("path", "name")


# --- contact activities ---------------------------------------------------------------------


def activities_for_member(
    member: Member, year: int, *, statuses=COUNTED
) -> QuerySet[ContactActivity]:
    return (
        ContactActivity.objects.filter(
            participants__member=member, date__year=year, status__in=statuses
        )
        .select_related("contact_point")
        .order_by("date", "pk")
    )


def activity_totals(committee: Committee, year: int, *, statuses=COUNTED) -> dict[str, int]:
    """The year's figures for the work report, in one aggregate query: activities held, people
    reached, issues raised and issues resolved (verified activities only, by default)."""
    zero = Value(0)
    return ContactActivity.objects.filter(
        committee=committee, date__year=year, status__in=statuses
    ).aggregate(
        activities=Count("pk"),
        people_reached=Coalesce(Sum("people_reached"), zero),
        issues_raised=Coalesce(Sum("issues_raised"), zero),
        issues_resolved=Coalesce(Sum("issues_resolved"), zero),
    )


def participating_member_count(committee: Committee, year: int, *, statuses=COUNTED) -> int:
    """How many different members took part in at least one activity in ``year``."""
    return (
        ContactActivityParticipant.objects.filter(
            activity__committee=committee,
            activity__date__year=year,
            activity__status__in=statuses,
        )
        .values("member_id")
        .distinct()
        .count()
    )


def with_activity_count(
    queryset: QuerySet[Member], year: int, *, statuses=COUNTED, name: str = "activity_count"
) -> QuerySet[Member]:
    participations = (
        ContactActivityParticipant.objects.filter(
            member=OuterRef("pk"), activity__date__year=year, activity__status__in=statuses
        )
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        **{name: Coalesce(Subquery(participations, output_field=IntegerField()), 0)}
    )


def members_without_activity(
    committee: Committee, year: int, *, statuses=COUNTED
) -> QuerySet[Member]:
    """Active members with no contact activity in ``year`` yet."""
    done = ContactActivityParticipant.objects.filter(
        activity__committee=committee, activity__date__year=year, activity__status__in=statuses
    ).values("member_id")
    return committee.members.filter(status=Member.Status.ACTIVE).exclude(pk__in=done)


def with_group_at_activity(
    queryset: QuerySet[ContactActivityParticipant], *, name: str = "group_at_activity_id"
) -> QuerySet[ContactActivityParticipant]:
    """Annotate each participation with the member's liaison group on the activity's date."""
    periods = LiaisonGroupMembership.objects.filter(
        Q(member=OuterRef("member_id")),
        Q(start_date__lte=OuterRef("activity__date")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("activity__date")),
    ).order_by("-start_date")  # not the default order: a join to the committee per row
    return queryset.annotate(**{name: Subquery(periods.values("group_id")[:1])})


def groups_with_activity_totals(
    committee: Committee, year: int, *, statuses=COUNTED
) -> QuerySet[LiaisonGroup]:
    """Each of the committee's groups with the year's activities its members took part in,
    attributed by the group each member was in on the activity's day (a member who moved keeps
    last year's activities with last year's group). An activity several members of one group
    attended counts once for that group."""
    group_activity_ids = (
        with_group_at_activity(ContactActivityParticipant.objects.all(), name="group_then")
        .filter(group_then=OuterRef(OuterRef("pk")))
        .values("activity_id")
    )
    activities = (
        ContactActivity.objects.filter(
            committee=committee, date__year=year, status__in=statuses, pk__in=group_activity_ids
        )
        .order_by()
        .values("committee")
    )

    def total(expression) -> Coalesce:
        return Coalesce(
            Subquery(activities.annotate(v=expression).values("v"), output_field=IntegerField()),
            0,
        )

    return committee.liaison_groups.annotate(
        activities_count=total(Count("pk")),
        people_reached=total(Sum("people_reached")),
        issues_resolved=total(Sum("issues_resolved")),
    ).order_by("display_order", "name")


# --- a member's own records -----------------------------------------------------------------


def member_activities(member_id: int, *, year: int | None = None) -> QuerySet[ContactActivity]:
    """Every activity the member took part in (any state), newest first: one query."""
    queryset = ContactActivity.objects.filter(participants__member_id=member_id)
    if year is not None:
        queryset = queryset.filter(date__year=year)
    return queryset.select_related("contact_point").order_by("-date", "-pk")


def member_activities_awaiting(member_id: int, *, year: int) -> QuerySet[ContactActivity]:
    """The member's activities of ``year`` that do not count yet (not verified)."""
    return member_activities(member_id, year=year).exclude(status__in=COUNTED)


def member_activity(member_id: int, pk: int) -> ContactActivity | None:
    """One activity the member took part in, with its participants; None if not theirs."""
    return (
        member_activities(member_id)
        .select_related("liaison_group", "committee")
        .prefetch_related("participants__member")
        .filter(pk=pk)
        .first()
    )


def contact_point_choices(committee_id: int) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(committee_id=committee_id, is_active=True).order_by("name")


def fellow_member_choices(member: Member) -> QuerySet[Member]:
    """Members of the same committee who can be named as taking part with ``member``."""
    return (
        Member.objects.filter(committee_id=member.committee_id, status=Member.Status.ACTIVE)
        .exclude(pk=member.pk)
        .order_by("name")
    )

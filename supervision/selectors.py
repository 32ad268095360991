"""Reads about supervision topics."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from committees.models import Committee
from committees.voiding import COUNTED
from members.models import Member

from .models import SupervisionParticipant, SupervisionTopic


def topic_list(*, topics: QuerySet[SupervisionTopic] | None = None) -> QuerySet[SupervisionTopic]:
    """Topics with how many members take part (a voided part left out) and how many follow-ups are on record."""
    qs = SupervisionTopic.objects.all() if topics is None else topics
    return qs.select_related("committee", "previous_topic", "lead_special_committee").annotate(
        participant_count=Count(
            "participants", filter=Q(participants__voided_at__isnull=True), distinct=True
        ),
        follow_up_count=Count("follow_ups", distinct=True),
    )


def topics_for_year(*, committee: Committee, year: int) -> QuerySet[SupervisionTopic]:
    return topic_list(topics=SupervisionTopic.objects.filter(committee=committee, year=year))


def member_supervision(
    *, member: Member, year: int | None = None
) -> QuerySet[SupervisionParticipant]:
    """The topics a member took part in (a duty counted in the annual assessment); a part
    voided by staff is left out."""
    qs = SupervisionParticipant.objects.filter(COUNTED, member=member).select_related("topic")
    if year is not None:
        qs = qs.filter(topic__year=year)
    return qs.order_by("topic__start_date")


def follow_up_chain(*, topic: SupervisionTopic, limit: int = 20) -> list[SupervisionTopic]:
    """The topic and the earlier topics it follows up, oldest first.

    Chains are short (a topic followed up over a few years), so walking them one row at a time
    is fine; ``limit`` stops a chain that somehow loops.
    """
    chain = [topic]
    while chain[-1].previous_topic_id and len(chain) < limit:
        chain.append(SupervisionTopic.objects.get(pk=chain[-1].previous_topic_id))
    return list(reversed(chain))

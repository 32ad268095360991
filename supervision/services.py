"""Writes for supervision topics: create and edit, move through the states, add people, follow up."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from committees.models import Committee, SpecialCommittee
from committees.voiding import COUNTED
from cppcc.workflow import run_transition
from members.models import Member

from .models import SupervisionFollowUp, SupervisionParticipant, SupervisionTopic, TopicState

#: What each transition is called in a refusal message.
ACTIONS = {
    "start": gettext_lazy("start the supervision"),
    "report_findings": gettext_lazy("report findings"),
    "mark_followed_up": gettext_lazy("record a follow-up"),
    "close": gettext_lazy("close the topic"),
}


@transaction.atomic
def supervision_topic_save(*, topic: SupervisionTopic) -> SupervisionTopic:
    """Save the topic's details; its state only changes through the transitions below."""
    topic.full_clean()
    topic.save()
    return topic


def supervision_topic_create(
    *,
    committee: Committee,
    year: int,
    kind: str,
    title: str,
    subject: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    partner_body: str = "",
    previous_topic: SupervisionTopic | None = None,
    lead_special_committee: SpecialCommittee | None = None,
) -> SupervisionTopic:
    topic = SupervisionTopic(
        committee=committee,
        year=year,
        kind=kind,
        title=title,
        subject=subject,
        start_date=start_date,
        end_date=end_date,
        partner_body=partner_body,
        previous_topic=previous_topic,
        lead_special_committee=lead_special_committee,
    )
    return supervision_topic_save(topic=topic)


def _move(topic: SupervisionTopic, action: str, **kwargs) -> SupervisionTopic:
    locked = SupervisionTopic.objects.select_for_update().get(pk=topic.pk)
    run_transition(
        locked,
        action,
        _("Cannot %(action)s: the topic is %(state)s."),
        {"action": ACTIONS[action]},
        **kwargs,
    )
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def supervision_topic_start(*, topic: SupervisionTopic) -> SupervisionTopic:
    return _move(topic, "start")


@transaction.atomic
def supervision_topic_report_findings(
    *, topic: SupervisionTopic, findings: str, recommendations: str = ""
) -> SupervisionTopic:
    if not findings.strip():
        raise ValidationError({"findings": _("Write down the findings before reporting them.")})
    return _move(
        topic,
        "report_findings",
        findings=findings.strip(),
        recommendations=recommendations.strip(),
    )


@transaction.atomic
def supervision_topic_close(*, topic: SupervisionTopic) -> SupervisionTopic:
    return _move(topic, "close")


@transaction.atomic
def supervision_participants_add(
    *,
    topic: SupervisionTopic,
    members: Iterable[Member],
    role: str = SupervisionParticipant.Role.MEMBER,
) -> int:
    """Add members to a topic; those already taking part keep their role. Returns how many new."""
    members = list({m.pk: m for m in members}.values())
    foreign = [m for m in members if m.committee_id != topic.committee_id]
    if foreign:
        raise ValidationError(
            _("These members belong to another committee: %(names)s.")
            % {"names": "、".join(m.name for m in foreign)}
        )
    locked = SupervisionTopic.objects.select_for_update().get(pk=topic.pk)
    if locked.state == TopicState.CLOSED:
        raise ValidationError(_("The topic is closed; no one can join it any more."))
    already = set(
        SupervisionParticipant.objects.filter(COUNTED, topic=topic, member__in=members)
        .order_by()
        .values_list("member_id", flat=True)
    )
    new = [
        SupervisionParticipant(topic=topic, member=m, role=role)
        for m in members
        if m.pk not in already
    ]
    bulk_create_with_history(new, SupervisionParticipant)
    return len(new)


@transaction.atomic
def supervision_follow_up_save(
    *, follow_up: SupervisionFollowUp, by: User | None
) -> SupervisionFollowUp:
    """Save a follow-up; the first one on reported findings marks the topic as followed up."""
    topic = SupervisionTopic.objects.select_for_update().get(pk=follow_up.topic_id)
    if topic.state not in (TopicState.FINDINGS_REPORTED, TopicState.FOLLOWED_UP):
        raise ValidationError(
            _("Follow-ups are recorded once findings are reported and until the topic is closed.")
        )
    if follow_up.pk is None:
        follow_up.recorded_by = by
    follow_up.full_clean()
    follow_up.save()
    if topic.state == TopicState.FINDINGS_REPORTED:
        _move(topic, "mark_followed_up")
    return follow_up


def supervision_follow_up_record(
    *,
    topic: SupervisionTopic,
    date: datetime.date,
    note: str,
    by: User | None,
    response: str = "",
    responded_on: datetime.date | None = None,
) -> SupervisionFollowUp:
    follow_up = SupervisionFollowUp(
        topic=topic, date=date, note=note, response=response, responded_on=responded_on
    )
    return supervision_follow_up_save(follow_up=follow_up, by=by)

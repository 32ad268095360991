"""Factories for supervision topics, their participants and follow-ups."""

import datetime

import factory
from factory.django import DjangoModelFactory

from supervision.models import (
    SupervisionFollowUp,
    SupervisionKind,
    SupervisionParticipant,
    SupervisionTopic,
    TopicState,
)
from tests.factories.core import CommitteeFactory
from tests.factories.meetings import member_of


class SupervisionTopicFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionTopic

    committee = factory.SubFactory(CommitteeFactory)
    year = 2024
    kind = SupervisionKind.INVESTIGATION
    title = factory.Sequence(lambda n: f"营商环境优化专项民主监督{n}")
    subject = "县市场监督管理局"
    start_date = datetime.date(2024, 4, 1)


class ReportedTopicFactory(SupervisionTopicFactory):
    state = TopicState.FINDINGS_REPORTED
    findings = "审批环节仍然偏多，企业反映办事时间长。"
    recommendations = "推行一窗通办。"


class SupervisionParticipantFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionParticipant

    topic = factory.SubFactory(SupervisionTopicFactory)
    member = factory.LazyAttribute(lambda o: member_of(o.topic.committee))
    role = SupervisionParticipant.Role.MEMBER


class SupervisionFollowUpFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionFollowUp

    topic = factory.SubFactory(ReportedTopicFactory)
    date = datetime.date(2024, 9, 1)
    note = "回访县市场监督管理局，了解整改进展。"

"""What the database refuses for supervision topics, participants and follow-ups."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from supervision.models import SupervisionKind, SupervisionParticipant, TopicState
from tests.factories.supervision import (
    SupervisionFollowUpFactory,
    SupervisionParticipantFactory,
    SupervisionTopicFactory,
)

pytestmark = pytest.mark.django_db


def test_it_refuses_a_topic_ending_before_it_starts(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionTopicFactory(
            committee=committee,
            start_date=datetime.date(2024, 5, 1),
            end_date=datetime.date(2024, 4, 30),
        )


def test_it_refuses_a_follow_up_topic_that_names_no_earlier_topic(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionTopicFactory(committee=committee, kind=SupervisionKind.FOLLOW_UP)


def test_it_refuses_collaborative_supervision_without_a_partner(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionTopicFactory(committee=committee, kind=SupervisionKind.COLLABORATION)


def test_it_refuses_reported_findings_that_are_blank(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionTopicFactory(committee=committee, state=TopicState.FINDINGS_REPORTED)


def test_it_refuses_the_same_title_twice_in_a_year(committee):
    SupervisionTopicFactory(committee=committee, title="食品安全监督")
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionTopicFactory(committee=committee, title="食品安全监督")


def test_it_refuses_a_topic_that_follows_up_itself(topic):
    topic.previous_topic_id = topic.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        topic.save()


def test_it_refuses_following_up_another_committees_topic(committee, other_committee):
    foreign = SupervisionTopicFactory(committee=other_committee, year=2023)
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        SupervisionTopicFactory(
            committee=committee, kind=SupervisionKind.FOLLOW_UP, previous_topic=foreign
        )


def test_it_keeps_one_participation_per_member_and_topic(topic, members):
    SupervisionParticipantFactory(topic=topic, member=members[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionParticipantFactory(
            topic=topic, member=members[0], role=SupervisionParticipant.Role.LEAD
        )


def test_it_refuses_a_participant_from_another_committee(topic, outsider):
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        SupervisionParticipantFactory(topic=topic, member=outsider)


def test_it_refuses_a_response_dated_before_the_follow_up(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionFollowUpFactory(
            topic__committee=committee,
            date=datetime.date(2024, 9, 1),
            responded_on=datetime.date(2024, 8, 31),
        )


def test_it_protects_a_topic_with_participants(topic, members):
    SupervisionParticipantFactory(topic=topic, member=members[0])
    with pytest.raises(ProtectedError), transaction.atomic():
        topic.delete()

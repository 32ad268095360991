"""A supervision topic's life: planned, started, findings reported, followed up, closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from supervision import selectors, services
from supervision.models import SupervisionKind, SupervisionParticipant, TopicState
from tests.factories.supervision import ReportedTopicFactory, SupervisionTopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_topic_goes_through_its_whole_life(topic, staff):
    topic = services.supervision_topic_start(topic=topic)
    assert topic.state == TopicState.IN_PROGRESS
    topic = services.supervision_topic_report_findings(
        topic=topic, findings="窗口服务时间不足。", recommendations="延时服务。"
    )
    assert (topic.state, topic.findings) == (TopicState.FINDINGS_REPORTED, "窗口服务时间不足。")
    services.supervision_follow_up_record(
        topic=topic,
        date=datetime.date(2024, 10, 8),
        note="回访",
        response="已推行午间延时服务",
        responded_on=datetime.date(2024, 10, 20),
        by=staff,
    )
    topic.refresh_from_db()
    assert topic.state == TopicState.FOLLOWED_UP
    assert topic.follow_ups.get().recorded_by == staff
    topic = services.supervision_topic_close(topic=topic)
    assert topic.state == TopicState.CLOSED
    assert topic.history.count() >= 4


@pytest.mark.parametrize(
    ("state", "move", "kwargs"),
    [
        (TopicState.PLANNED, "supervision_topic_report_findings", {"findings": "发现"}),
        (TopicState.PLANNED, "supervision_topic_close", {}),
        (TopicState.IN_PROGRESS, "supervision_topic_start", {}),
        (TopicState.IN_PROGRESS, "supervision_topic_close", {}),
        (TopicState.CLOSED, "supervision_topic_start", {}),
    ],
)
def test_it_refuses_an_illegal_move_and_leaves_the_state(committee, state, move, kwargs):
    findings = "发现" if state == TopicState.CLOSED else ""
    topic = SupervisionTopicFactory(committee=committee, state=state, findings=findings)
    with pytest.raises(ValidationError, match="Cannot .*: the topic is"):
        getattr(services, move)(topic=topic, **kwargs)
    topic.refresh_from_db()
    assert topic.state == state


def test_the_refusal_is_in_chinese_for_chinese_staff(topic):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.supervision_topic_close(topic=topic)
    assert "计划中" in refused.value.messages[0]


def test_it_refuses_to_report_blank_findings(topic):
    topic = services.supervision_topic_start(topic=topic)
    with pytest.raises(ValidationError, match="Write down the findings"):
        services.supervision_topic_report_findings(topic=topic, findings="  ")
    topic.refresh_from_db()
    assert topic.state == TopicState.IN_PROGRESS


def test_it_refuses_a_follow_up_before_findings_are_reported(topic, staff):
    with pytest.raises(ValidationError, match="once findings are reported"):
        services.supervision_follow_up_record(
            topic=topic, date=datetime.date(2024, 5, 1), note="回访", by=staff
        )
    assert not topic.follow_ups.exists()


def test_a_second_follow_up_keeps_the_topic_followed_up(committee, staff):
    topic = ReportedTopicFactory(committee=committee)
    for day in (datetime.date(2024, 9, 1), datetime.date(2025, 3, 1)):
        services.supervision_follow_up_record(topic=topic, date=day, note="回访", by=staff)
    topic.refresh_from_db()
    assert (topic.state, topic.follow_ups.count()) == (TopicState.FOLLOWED_UP, 2)


def test_it_follows_up_a_topic_from_an_earlier_year(committee):
    earlier = SupervisionTopicFactory(
        committee=committee, year=2023, start_date=datetime.date(2023, 5, 1)
    )
    later = services.supervision_topic_create(
        committee=committee,
        year=2024,
        kind=SupervisionKind.FOLLOW_UP,
        title="营商环境整改情况跟踪监督",
        subject="县市场监督管理局",
        start_date=datetime.date(2024, 5, 1),
        previous_topic=earlier,
    )
    assert selectors.follow_up_chain(topic=later) == [earlier, later]


def test_it_refuses_to_follow_up_a_topic_from_a_later_year(committee):
    later = SupervisionTopicFactory(
        committee=committee, year=2025, start_date=datetime.date(2025, 5, 1)
    )
    with pytest.raises(ValidationError, match="from this year or before"):
        services.supervision_topic_create(
            committee=committee,
            year=2024,
            kind=SupervisionKind.FOLLOW_UP,
            title="跟踪",
            subject="某局",
            start_date=datetime.date(2024, 5, 1),
            previous_topic=later,
        )


def test_it_refuses_a_start_date_outside_the_topics_year(committee):
    with pytest.raises(ValidationError, match="starts in 2023 but is planned for 2024"):
        services.supervision_topic_create(
            committee=committee,
            year=2024,
            kind=SupervisionKind.INQUIRY,
            title="专题询问",
            subject="县教育局",
            start_date=datetime.date(2023, 12, 1),
        )


def test_it_adds_participants_once_each(topic, members):
    assert (
        services.supervision_participants_add(
            topic=topic, members=members[:1], role=SupervisionParticipant.Role.LEAD
        )
        == 1
    )
    assert services.supervision_participants_add(topic=topic, members=members) == 1
    roles = dict(topic.participants.values_list("member__name", "role"))
    assert roles == {"张三": "lead", "李四": "member"}


def test_it_refuses_a_participant_from_another_committee_and_adds_no_one(topic, members, outsider):
    with pytest.raises(ValidationError, match="another committee: 赵六"):
        services.supervision_participants_add(topic=topic, members=[*members, outsider])
    assert not topic.participants.exists()


def test_it_lists_the_topics_a_member_took_part_in(committee, members, django_assert_num_queries):
    for n in range(3):
        topic = SupervisionTopicFactory(committee=committee, title=f"监督{n}")
        services.supervision_participants_add(topic=topic, members=members[:1])
    with django_assert_num_queries(1):
        titles = [p.topic.title for p in selectors.member_supervision(member=members[0], year=2024)]
    assert sorted(titles) == ["监督0", "监督1", "监督2"]

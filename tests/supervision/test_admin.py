"""The supervision back office: topics with their people and follow-ups, scoped per committee."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision.models import SupervisionFollowUp, SupervisionTopic, TopicState
from tests.factories.supervision import (
    ReportedTopicFactory,
    SupervisionFollowUpFactory,
    SupervisionParticipantFactory,
    SupervisionTopicFactory,
)

pytestmark = pytest.mark.django_db


def change(obj):
    return reverse(f"admin:supervision_{obj._meta.model_name}_change", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:supervision_{model._meta.model_name}_changelist")


def test_staff_see_only_their_committees_topics(staff_client, committee, other_committee):
    mine = SupervisionTopicFactory(committee=committee)
    theirs = SupervisionTopicFactory(committee=other_committee)
    page = staff_client.get(changelist(SupervisionTopic))
    assert list(page.context["cl"].result_list) == [mine]
    response = staff_client.get(change(theirs))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    participant = SupervisionParticipantFactory(topic=theirs)
    assert staff_client.get(change(participant)).status_code == 302


def queries_to_load(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_topic_list_is_built_in_a_fixed_number_of_queries(staff_client, committee):
    def add_topics(count):
        for _ in range(count):
            SupervisionParticipantFactory(topic=SupervisionTopicFactory(committee=committee))

    add_topics(2)
    few = queries_to_load(staff_client, changelist(SupervisionTopic))
    add_topics(6)
    assert queries_to_load(staff_client, changelist(SupervisionTopic)) == few


def test_staff_move_topics_with_actions_and_see_refusals(staff_client, committee):
    planned = SupervisionTopicFactory(committee=committee)
    started = SupervisionTopicFactory(committee=committee, state=TopicState.IN_PROGRESS)
    response = staff_client.post(
        changelist(SupervisionTopic),
        {"action": "start", "_selected_action": [planned.pk, started.pk]},
        follow=True,
    )
    planned.refresh_from_db()
    assert planned.state == TopicState.IN_PROGRESS
    assert any(started.title in str(m) for m in response.context["messages"])


def test_staff_add_a_topic_with_participants_and_a_follow_up(
    staff_client, staff, committee, members
):
    response = staff_client.post(
        reverse("admin:supervision_supervisiontopic_add"),
        {
            "year": "2024",
            "kind": "inquiry",
            "title": "义务教育优质均衡专题询问",
            "subject": "县教育局",
            "previous_topic": "",
            "partner_body": "",
            "lead_special_committee": "",
            "start_date": "2024-06-01",
            "end_date": "",
            "findings": "",
            "recommendations": "",
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "0",
            "participants-0-member": members[0].pk,
            "participants-0-role": "lead",
            "participants-1-member": members[1].pk,
            "participants-1-role": "member",
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    topic = SupervisionTopic.objects.get()
    assert topic.committee == committee
    assert topic.state == TopicState.PLANNED
    assert topic.participants.count() == 2


def test_a_follow_up_added_on_the_topic_page_marks_it_followed_up(staff_client, staff, committee):
    topic = ReportedTopicFactory(committee=committee)
    data = {
        "year": "2024",
        "kind": topic.kind,
        "title": topic.title,
        "subject": topic.subject,
        "previous_topic": "",
        "partner_body": "",
        "lead_special_committee": "",
        "start_date": "2024-04-01",
        "end_date": "",
        "findings": topic.findings,
        "recommendations": topic.recommendations,
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "follow_ups-TOTAL_FORMS": "1",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-0-date": "2024-10-01",
        "follow_ups-0-note": "回访整改情况",
        "follow_ups-0-response": "已整改",
        "follow_ups-0-responded_on": "2024-10-15",
    }
    response = staff_client.post(change(topic), data)
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.state == TopicState.FOLLOWED_UP
    assert SupervisionFollowUp.objects.get().recorded_by == staff


def test_every_supervision_admin_page_loads(staff_client, committee):
    follow_up = SupervisionFollowUpFactory(
        topic__committee=committee, date=datetime.date(2024, 9, 1)
    )
    participant = SupervisionParticipantFactory(topic=follow_up.topic)
    for obj in (follow_up.topic, follow_up, participant):
        name = obj._meta.model_name
        for url in (
            reverse(f"admin:supervision_{name}_changelist"),
            reverse(f"admin:supervision_{name}_add"),
            change(obj),
        ):
            assert staff_client.get(url).status_code == 200, url


def test_a_duplicate_topic_title_in_the_year_is_a_form_error_not_a_crash(staff_client, committee):
    existing = SupervisionTopicFactory(committee=committee)
    response = staff_client.post(
        reverse("admin:supervision_supervisiontopic_add"),
        {
            "year": existing.year,
            "kind": existing.kind,
            "title": existing.title,
            "subject": "县住房和城乡建设局",
            "start_date": "2024-05-01",
            "participants-TOTAL_FORMS": 0,
            "participants-INITIAL_FORMS": 0,
            "follow_ups-TOTAL_FORMS": 0,
            "follow_ups-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "本年度已有同名的监督议题。" in response.content.decode()
    assert SupervisionTopic.objects.count() == 1

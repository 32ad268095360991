"""A handling unit's side in the browser: its inbox, the proposal page and its reply; and the
path a later browser test takes: the unit replies, the proposer sees and rates the reply, the
unit sees the rating."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from proposals import services
from proposals.models import HandlingUnitUser, ProposalAssignment, ProposalState
from tests.factories.core import UserFactory
from tests.factories.proposals import (
    HandlingUnitFactory,
    member_of,
    proposal_assigned_to,
)

pytestmark = pytest.mark.django_db

INBOX = reverse("proposals:inbox")
TODAY = datetime.date(2024, 6, 10)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2024, 6, 10, 9, 0), tick=False):
        yield


@pytest.fixture
def unit(committee):
    return HandlingUnitFactory(committee=committee, name="县交通运输局")


@pytest.fixture
def officer(unit):
    user = UserFactory(committee=unit.committee)
    HandlingUnitUser.objects.create(unit=unit, user=user)
    return user


@pytest.fixture
def proposer(committee):
    user = UserFactory(committee=committee)
    member_of(committee, user=user, name="赵提案人")
    return user


def _assigned(unit, title, days_left, **kwargs):
    """A proposal assigned to ``unit`` on 1 June whose reply is due ``days_left`` from today."""
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0), tick=False):
        return proposal_assigned_to(
            unit, title=title, deadline=TODAY + datetime.timedelta(days=days_left), **kwargs
        )


def _lead(proposal):
    return ProposalAssignment.objects.get(proposal=proposal, round=proposal.handling_round)


def _unit_page(proposal):
    return reverse("proposals:unit_detail", kwargs={"pk": proposal.pk})


def test_the_inbox_lists_the_overdue_first_and_marks_what_is_due_soon(client, unit, officer):
    _assigned(unit, "宽裕的提案", 60)
    _assigned(unit, "逾期的提案", -3)
    _assigned(unit, "将到期的提案", 5)
    _assigned(HandlingUnitFactory(committee=unit.committee), "别的单位的提案", 10)
    client.force_login(officer)

    html = client.get(INBOX).content.decode()

    assert html.index("逾期的提案") < html.index("将到期的提案") < html.index("宽裕的提案")
    assert "别的单位的提案" not in html
    assert html.count('class="overdue-row"') == 1 and html.count('class="due-soon-row"') == 1
    assert "已逾期" in html and "即将到期" in html


def test_the_inbox_costs_the_same_queries_with_two_or_ten_proposals(
    client, committee, django_assert_max_num_queries
):
    def officer_with(n):
        unit = HandlingUnitFactory(committee=committee)
        user = UserFactory(committee=committee)
        HandlingUnitUser.objects.create(unit=unit, user=user)
        for i in range(n):
            _assigned(unit, f"待办{i}", i)
            replied = _assigned(unit, f"已答{i}", i)
            _reply_as(unit, replied)
        return user

    client.force_login(officer_with(2))
    with django_assert_max_num_queries(20) as few:
        assert client.get(INBOX).status_code == 200
    client.force_login(officer_with(10))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get(INBOX).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "待办9" in html and "已答9" in html


def _reply_as(unit, proposal):
    officer = HandlingUnitUser.objects.filter(unit=unit).first().user
    services.proposal_reply_submit(
        assignment=_lead(proposal), category="B", body="正在推进。", by=officer
    )


def test_a_unit_sees_only_proposals_assigned_to_it(client, unit, officer):
    other = _assigned(HandlingUnitFactory(committee=unit.committee), "别的单位的提案", 10)
    client.force_login(officer)
    assert client.get(_unit_page(other)).status_code == 404
    assert (
        client.post(
            reverse("proposals:reply", kwargs={"assignment_pk": _lead(other).pk}),
            {"reply_category": "A", "reply_body": "越权答复", "replied_on": "2024-06-10"},
        ).status_code
        == 404
    )
    assert not ProposalAssignment.objects.filter(reply_body="越权答复").exists()


def test_a_reply_without_category_or_dated_ahead_is_refused_next_to_the_fields(
    client, unit, officer
):
    proposal = _assigned(unit, "待答复提案", 10)
    client.force_login(officer)
    response = client.post(
        reverse("proposals:reply", kwargs={"assignment_pk": _lead(proposal).pk}),
        {"reply_category": "", "reply_body": "拟办意见", "replied_on": "2024-06-11"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_reply_category_error"' in html and "该字段是必填项。" in html
    assert 'id="id_replied_on_error"' in html and "答复日期不能晚于今天。" in html
    assert "拟办意见" in html
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ASSIGNED and not _lead(proposal).has_replied


def test_the_unit_replies_the_proposer_rates_and_the_unit_sees_the_rating(
    client, unit, officer, proposer
):
    proposal = _assigned(unit, "关于修缮村道的建议", 10, first_proposer=proposer.member)

    # The unit opens the proposal from its inbox and replies in category B.
    client.force_login(officer)
    assert _unit_page(proposal) in client.get(INBOX).content.decode()
    page = client.get(_unit_page(proposal)).content.decode()
    assert "以县交通运输局名义答复" in page
    response = client.post(
        reverse("proposals:reply", kwargs={"assignment_pk": _lead(proposal).pk}),
        {
            "reply_category": "B",
            "reply_body": "村道修缮已列入明年计划。",
            "reply_signer": "钱局长",
            "replied_on": "2024-06-09",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "答复已送达提案者。" in html and "村道修缮已列入明年计划。" in html
    assert "以县交通运输局名义答复" not in html  # replied once: no form any more
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ANSWERED and proposal.answer_category == "B"

    # The proposer is told on the home page, sees the reply with its category and rates it.
    client.force_login(proposer)
    detail = reverse("proposals:detail", kwargs={"pk": proposal.pk})
    home = client.get(reverse("portal:home")).content.decode()
    assert 'id="block-rate"' in home and detail in home
    assert "评价答复" in client.get(reverse("proposals:mine")).content.decode()
    page = client.get(detail).content.decode()
    assert (
        "村道修缮已列入明年计划。" in page and "B类：所提问题正在解决" in page and "钱局长" in page
    )
    assert 'action="' + reverse("proposals:rate", kwargs={"pk": proposal.pk}) in page
    response = client.post(
        reverse("proposals:rate", kwargs={"pk": proposal.pk}),
        {"satisfaction": "basically_satisfied", "satisfaction_comment": "希望尽快落实"},
        follow=True,
    )
    page = response.content.decode()
    assert "感谢您的评价，已记录。" in page
    assert 'action="' + reverse("proposals:rate", kwargs={"pk": proposal.pk}) not in page
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.EVALUATED
    assert 'id="block-rate"' not in client.get(reverse("portal:home")).content.decode()

    # Rating twice is refused.
    response = client.post(
        reverse("proposals:rate", kwargs={"pk": proposal.pk}),
        {"satisfaction": "satisfied"},
        follow=True,
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.satisfaction == "basically_satisfied"

    # The unit sees the rating, on the proposal page and in its inbox.
    client.force_login(officer)
    page = client.get(_unit_page(proposal)).content.decode()
    assert "提案者评价" in page and "基本满意" in page and "希望尽快落实" in page
    assert "基本满意" in client.get(INBOX).content.decode()


def test_an_unsatisfied_rating_needs_a_reason_and_sends_the_proposal_back(
    client, unit, officer, proposer
):
    proposal = _assigned(unit, "关于路灯的建议", 10, first_proposer=proposer.member)
    _reply_as(unit, proposal)
    client.force_login(proposer)
    rate = reverse("proposals:rate", kwargs={"pk": proposal.pk})

    response = client.post(rate, {"satisfaction": "unsatisfied", "satisfaction_comment": ""})
    html = response.content.decode()
    assert 'id="id_satisfaction_comment_error"' in html
    assert "请说明对答复不满意的原因。" in html
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ANSWERED

    client.post(rate, {"satisfaction": "unsatisfied", "satisfaction_comment": "未解决问题"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REOPENED and proposal.handling_round == 2

    client.force_login(officer)
    inbox = client.get(INBOX).content.decode()
    assert "因提案者不满意而重新办理" in inbox
    page = client.get(_unit_page(proposal)).content.decode()
    assert "未解决问题" in page and "以县交通运输局名义答复" in page


def test_no_rating_form_before_a_reply(client, unit, proposer):
    proposal = _assigned(unit, "尚未答复的提案", 10, first_proposer=proposer.member)
    client.force_login(proposer)
    page = client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content.decode()
    assert reverse("proposals:rate", kwargs={"pk": proposal.pk}) not in page
    assert "评价答复" not in page

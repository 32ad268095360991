"""A member's social-conditions reports in the browser: writing one, and seeing what became of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import SocialReport, SocialReportState
from tests.factories.core import UserFactory
from tests.factories.proposals import (
    SocialReportAuthorFactory,
    SocialReportInstructionFactory,
    member_of,
    social_report_in_state,
)

pytestmark = pytest.mark.django_db

REPORTS = reverse("proposals:reports")
CREATE = reverse("proposals:report_create")


@pytest.fixture
def me(committee):
    user = UserFactory(committee=committee)
    member_of(committee, user=user)
    return user


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


def _mine(me, state, title):
    """A report co-written by ``me`` (second author), brought to ``state`` by staff."""
    report = social_report_in_state(state, committee=me.member.committee, title=title)
    SocialReportAuthorFactory(report=report, member=me.member, order=2)
    return report


def test_a_member_writes_and_submits_a_report_at_once(my_client, me):
    response = my_client.post(
        CREATE, {"title": "群众反映菜价上涨", "body": "近期菜价上涨明显。", "submit": "1"}
    )
    report = SocialReport.objects.get(title="群众反映菜价上涨")
    assert response.url == reverse("proposals:report_detail", kwargs={"pk": report.pk})
    assert report.state == SocialReportState.SUBMITTED
    assert list(report.authors.all()) == [me.member]
    html = my_client.get(REPORTS).content.decode()
    assert "群众反映菜价上涨" in html and 'class="state state-submitted">已提交<' in html


def test_a_draft_is_kept_and_submitted_later(my_client, me):
    my_client.post(CREATE, {"title": "停车难问题", "body": "小区停车位不足。", "draft": "1"})
    report = SocialReport.objects.get(title="停车难问题")
    assert report.state == SocialReportState.DRAFT
    response = my_client.post(
        reverse("proposals:report_submit", kwargs={"pk": report.pk}), follow=True
    )
    assert "信息已报送政协。" in response.content.decode()
    report.refresh_from_db()
    assert report.state == SocialReportState.SUBMITTED


def test_a_report_without_text_shows_the_error_next_to_the_field_and_saves_nothing(my_client):
    response = my_client.post(CREATE, {"title": "只有标题", "body": "", "submit": "1"})
    html = response.content.decode()
    assert 'id="id_body_error"' in html and "该字段是必填项。" in html and "只有标题" in html
    assert not SocialReport.objects.exists()


def test_the_list_shows_adoption_and_instructions(my_client, me):
    adopted = _mine(me, SocialReportState.ADOPTED, "已采用的信息")
    SocialReportInstructionFactory(report=adopted)
    _mine(me, SocialReportState.NOT_ADOPTED, "未采用的信息")
    social_report_in_state(
        SocialReportState.ADOPTED, committee=me.member.committee, title="别人的信息"
    )
    html = my_client.get(REPORTS).content.decode()
    assert "已采用的信息" in html and "未采用的信息" in html and "别人的信息" not in html
    assert "1 条领导批示" in html and "《社情民意》第1期" in html

    page = my_client.get(reverse("proposals:report_detail", kwargs={"pk": adopted.pk}))
    assert "请有关部门研究办理。" in page.content.decode()


def test_another_members_report_is_not_found(my_client, committee):
    report = social_report_in_state(SocialReportState.SUBMITTED, committee=committee)
    assert (
        my_client.get(reverse("proposals:report_detail", kwargs={"pk": report.pk})).status_code
        == 404
    )


def test_the_list_costs_the_same_queries_with_two_or_ten_reports(
    client, committee, django_assert_max_num_queries
):
    def member_with(n):
        user = UserFactory(committee=committee)
        member = member_of(committee, user=user)
        for i in range(n):
            report = social_report_in_state(
                SocialReportState.ADOPTED, committee=committee, title=f"信息{i}"
            )
            SocialReportAuthorFactory(report=report, member=member, order=2)
            SocialReportInstructionFactory(report=report)
        return user

    client.force_login(member_with(2))
    with django_assert_max_num_queries(20) as few:
        assert client.get(REPORTS).status_code == 200
    client.force_login(member_with(10))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get(REPORTS).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "信息9" in html

"""A member's own performance file: score so far, minimums, lines with their records, past
years, and disputing a line."""

import datetime

import pytest
from django.urls import reverse

from assessment.models import Dispute
from tests.assessment.engine_helpers import YEAR, activity, score
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import UserFactory
from tests.factories.meetings import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(committee):
    return member_of(committee, user=UserFactory(committee=committee), name="王芳")


@pytest.fixture
def scored(committee, member):
    county_scheme(committee)
    for day in (1, 2):
        activity(committee, member, day=datetime.date(YEAR, 5, day))
    other = member_of(committee)
    activity(committee, other, day=datetime.date(YEAR, 5, 3))
    return score(committee)


def test_a_member_reads_their_file_line_by_line(client, member, scored):
    client.force_login(member.user)
    page = client.get(reverse("portal:performance_year", kwargs={"year": YEAR}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "王芳" in html and "我的履职档案" in html
    assert str(scored[member.pk].total) in html  # 20.00
    assert "联系群众活动" in html  # the line
    assert html.count("走访群众活动") == 2  # the two records behind it
    assert "每年参加三次活动" in html  # the minimum, not met yet


def test_the_file_shows_only_ones_own_result(client, committee, member, scored):
    someone = member_of(committee, user=UserFactory(committee=committee))
    client.force_login(someone.user)
    html = client.get(reverse("portal:performance_year", kwargs={"year": YEAR})).content.decode()
    assert "王芳" not in html
    assert "暂无" in html or str(scored[someone.pk].total) in html


def test_a_member_disputes_a_line_once(client, member, scored):
    client.force_login(member.user)
    rule = scored[member.pk].lines.get().rule
    url = reverse("portal:dispute", kwargs={"year": YEAR, "rule_id": rule.pk})

    response = client.post(url, {"comment": "5月4日的走访没有计入"}, follow=True)
    assert Dispute.objects.get().comment == "5月4日的走访没有计入"
    assert "已转交" in response.content.decode() or "已提交" in response.content.decode()
    client.post(url, {"comment": "再提一次"})
    assert Dispute.objects.count() == 1  # one open dispute per line
    assert client.post(url, {"comment": ""}).status_code == 302
    assert Dispute.objects.count() == 1


def test_another_members_line_cannot_be_disputed(client, committee, member, scored):
    other = member_of(committee, user=UserFactory(committee=committee))
    client.force_login(other.user)
    rule = scored[member.pk].lines.get().rule
    url = reverse("portal:dispute", kwargs={"year": YEAR, "rule_id": rule.pk})
    assert client.post(url, {"comment": "x"}).status_code == 404  # no result of theirs this year


def test_the_file_takes_the_same_queries_with_many_records(client, committee, member):
    county_scheme(committee)
    activity(committee, member, day=datetime.date(YEAR, 5, 1))
    score(committee)
    client.force_login(member.user)
    url = reverse("portal:performance_year", kwargs={"year": YEAR})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(2, 12):
        activity(committee, member, day=datetime.date(YEAR, 6, day))
    score(committee)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)

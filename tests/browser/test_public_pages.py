"""A person from the public, on a phone: finds today's member on duty from the home page, and
hands in a proposal clue, corrected once after a clear Chinese message."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from proposals.models import ProposalClue
from tests.factories.liaison import ContactPointFactory, MemberFactory, OnDutyShiftFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_home_page_to_todays_member_on_duty(page, committee):
    point = ContactPointFactory(
        committee=committee, name="城关镇委员工作室", opening_hours="工作日 9:00–17:00"
    )
    member = MemberFactory(committee=committee, name="王值班")
    OnDutyShiftFactory(contact_point=point, member=member, date=timezone.localdate())

    page.goto("/")
    page.get_by_role("link", name="联络点与值班委员").click()
    page.get_by_role("link", name="城关镇委员工作室").click()

    today = page.locator("section", has=page.get_by_role("heading", name="今日值班"))
    expect(today).to_contain_text("王值班")
    expect(page.get_by_text("工作日 9:00–17:00")).to_be_visible()


def test_handing_in_a_clue_from_a_phone(page, committee):
    page.goto("/")
    page.get_by_role("link", name="提交提案线索").click()

    page.get_by_label("委员会").select_option(str(committee.pk))
    page.get_by_label("问题与建议").fill("农贸市场周边老人多，最近的公交站步行需二十分钟。")
    page.get_by_role("button", name="提交线索").click()

    expect(page.get_by_text("请为线索填写一个简短的标题。")).to_be_visible()
    assert ProposalClue.objects.count() == 0
    # What was typed is still there; only the title is missing.
    assert page.get_by_label("问题与建议").input_value().startswith("农贸市场")
    page.get_by_label("标题").fill("建议在农贸市场附近增设公交站")
    page.get_by_role("button", name="提交线索").click()

    expect(page.get_by_role("heading", name="感谢您提供线索")).to_be_visible()
    clue = ProposalClue.objects.get()
    assert clue.committee == committee and clue.title == "建议在农贸市场附近增设公交站"

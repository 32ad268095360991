"""The three journeys of issue 4, in a real Chromium, clicking through the pages as people do:

- a member signs in, logs a contact activity on their phone and finds it in their performance
  file (first as logged and waiting, then, once staff verified it, as a scored line);
- a convener opens their sector's dashboard and exports it to Excel;
- a handling unit answers a proposal, and the proposer rates the reply.

Every page visited is guarded (tests/browser/conftest.py): a request to another host fails the
test. The year is the test data's fixed year, reached through the year links as a member would.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from liaison import services as liaison_services
from liaison.models import ContactActivity
from meetings.models import MeetingKind
from members.models import SectorMembership
from proposals.models import HandlingUnitUser, ProposalState
from tests.assessment.engine_helpers import YEAR, activity, attend, meeting, score
from tests.assessment.test_engine_year import county_scheme
from tests.browser.conftest import DESKTOP, sign_in_as
from tests.factories.core import UserFactory
from tests.factories.members import SectorConvenerFactory
from tests.factories.proposals import HandlingUnitFactory, member_of, proposal_assigned_to

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page) -> None:
    page.locator("header").get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/**")


def test_a_member_logs_a_contact_activity_and_finds_it_in_their_performance_file(
    page, committee, staff
):
    county_scheme(committee)
    member = member_of(committee, name="李梅", user=UserFactory(committee=committee))
    sign_in_as(page, member.user)

    # From the menu to the form, as on a phone.
    page.get_by_role("navigation").get_by_role("link", name="我的履职").click()
    page.get_by_role("link", name="登记联系群众活动").first.click()
    page.get_by_label("类型").select_option("visit")
    page.get_by_label("标题").fill("走访幸福村困难群众")
    page.get_by_label("日期").fill(f"{YEAR}-05-20")
    page.get_by_label("地点").fill("幸福村村委会")
    page.get_by_label("联系群众人次").fill("25")
    page.get_by_label("收集问题数").fill("4")
    page.get_by_label("解决问题数").fill("6")  # more resolved than raised: a mistake
    page.get_by_label("活动纪要").fill("了解饮水安全问题")
    page.get_by_role("button", name="报送审核").click()

    # The mistake is shown next to its field, in Chinese, and what was typed is kept.
    expect(page.get_by_text("解决问题数不能多于收集问题数。")).to_be_visible()
    expect(page.get_by_label("标题")).to_have_value("走访幸福村困难群众")
    assert not ContactActivity.objects.exists()
    page.get_by_label("解决问题数").fill("2")
    page.get_by_role("button", name="报送审核").click()
    expect(page.get_by_role("link", name="查看我的履职档案")).to_be_visible()

    # Logged and waiting for staff: the file of that year lists it, not yet scored.
    page.goto(reverse("portal:performance_year", kwargs={"year": YEAR}))
    waiting = page.locator("#awaiting-verification")
    expect(waiting).to_contain_text("走访幸福村困难群众")

    # Staff verify it; the member's file now has the scored line with the record behind it.
    liaison_services.activity_verify(activity=ContactActivity.objects.get(), by=staff)
    page.reload()
    expect(page.locator("#awaiting-verification")).to_have_count(0)
    line = page.locator("details.line", has_text="联系群众活动")
    line.locator("summary").click()
    expect(line).to_contain_text("走访幸福村困难群众")
    expect(line.locator("summary")).to_contain_text("10")


def test_a_convener_opens_the_dashboard_and_exports_it(page, committee, download):
    county_scheme(committee)
    convener = member_of(committee, name="周召集", user=UserFactory(committee=committee))
    SectorConvenerFactory(member=convener, sector=convener.sector, start_date=convener.joined_on)
    plenary = meeting(committee, MeetingKind.PLENARY, day=datetime.date(YEAR, 1, 20))
    for n, name in enumerate(("李勤", "王敏", "张闲")):
        colleague = member_of(committee, name=name, sector=convener.sector)
        SectorMembership.objects.filter(member=colleague).update(sector=convener.sector)
        if name != "张闲":
            attend(colleague, plenary)
            for month in range(1, n + 2):
                activity(committee, colleague, day=datetime.date(YEAR, month, 10))
    score(committee)
    page.set_viewport_size(DESKTOP)
    sign_in_as(page, convener.user)

    page.get_by_role("navigation").get_by_role("link", name="履职看板").click()
    page.goto(
        reverse("portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR})
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{YEAR}年度履职情况")
    table = page.locator("table").first
    expect(table).to_contain_text("李勤")
    expect(table).to_contain_text("张闲")

    workbook = download(lambda: page.get_by_role("link", name="导出 Excel").click())

    assert workbook.filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert {"李勤", "王敏", "张闲"} <= cells


def test_a_handling_unit_answers_and_the_proposer_rates_the_reply(page, committee):
    unit = HandlingUnitFactory(committee=committee, name="县交通运输局")
    officer = UserFactory(committee=committee)
    HandlingUnitUser.objects.create(unit=unit, user=officer)
    proposer = member_of(committee, name="赵提案人", user=UserFactory(committee=committee))
    proposal = proposal_assigned_to(unit, title="关于修缮村道的建议", first_proposer=proposer)

    # The unit finds the proposal in its inbox and replies in category B.
    sign_in_as(page, officer)
    page.get_by_role("navigation").get_by_role("link", name="待办理的提案").click()
    page.get_by_role("link", name="关于修缮村道的建议").first.click()
    page.get_by_label("答复类别", exact=True).select_option("B")
    page.get_by_label("答复", exact=True).fill("村道修缮已列入明年计划。")
    page.get_by_label("签发人", exact=True).fill("钱局长")
    page.get_by_label("答复日期", exact=True).fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复已送达提案者。")).to_be_visible()
    sign_out(page)

    # The proposer is asked on their home page, reads the reply and rates it.
    sign_in_as(page, proposer.user)
    page.locator("#block-rate").get_by_role("link", name="关于修缮村道的建议").click()
    expect(page.get_by_text("村道修缮已列入明年计划。")).to_be_visible()
    page.get_by_label("基本满意").check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价，已记录。")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.EVALUATED
    assert proposal.satisfaction == "basically_satisfied"
    sign_out(page)

    # The unit sees the rating.
    sign_in_as(page, officer)
    page.get_by_role("navigation").get_by_role("link", name="待办理的提案").click()
    expect(page.get_by_text("基本满意")).to_be_visible()

"""A convener's sector dashboard in Chinese, on a phone and on a desktop: full-page screenshots
kept in ``artifacts/screenshots/`` (or ``$ARTIFACTS_DIR/screenshots/``) for people to look at,
and the checks a person would make: the Chinese title shows, and on a phone the page does not
scroll sideways (wide tables scroll inside their own box)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import MeetingKind
from members.models import SectorMembership
from tests.assessment.engine_helpers import YEAR, activity, attend, meeting, score
from tests.assessment.test_engine_year import county_scheme
from tests.browser.conftest import DESKTOP, PHONE, sign_in_as
from tests.factories.core import UserFactory
from tests.factories.members import SectorConvenerFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ("李勤", "王敏", "张闲", "陈卫东", "欧阳晓明", "赵静")


@pytest.fixture
def dashboard(committee):
    """A convener's sector with six members: some busy, one who has done nothing yet."""
    county_scheme(committee)
    convener = member_of(committee, name="周召集", user=UserFactory(committee=committee))
    SectorConvenerFactory(member=convener, sector=convener.sector, start_date=convener.joined_on)
    plenary = meeting(committee, MeetingKind.PLENARY, day=datetime.date(YEAR, 1, 20))
    for n, name in enumerate(NAMES):
        member = member_of(committee, name=name, sector=convener.sector)
        SectorMembership.objects.filter(member=member).update(sector=convener.sector)
        if name == "张闲":
            continue
        attend(member, plenary)
        for month in range(1, n + 2):
            activity(committee, member, day=datetime.date(YEAR, month * 2 - 1, 10))
    score(committee)
    url = reverse("portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR})
    return convener, url


@pytest.mark.parametrize("size_name", ["phone", "desktop"])
def test_the_sector_dashboard_reads_well_on_a_phone_and_a_desktop(
    page, dashboard, artifacts_dir, size_name
):
    convener, url = dashboard
    page.set_viewport_size(PHONE if size_name == "phone" else DESKTOP)
    sign_in_as(page, convener.user)

    page.goto(url, wait_until="networkidle")

    title = page.get_by_role("heading", level=1)
    assert f"{YEAR}年度履职情况" in title.inner_text()
    expect(title).to_be_visible()
    expect(page.get_by_role("heading", name="尚无履职记录")).to_be_visible()
    shot = artifacts_dir / f"sector-dashboard-{size_name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if size_name == "phone":
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths}"

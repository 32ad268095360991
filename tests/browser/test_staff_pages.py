"""The staff's side in the browser: every admin list linked from the admin's index loads only
our own files without a console error (the admin is outside the route × role matrix), and a
yearly-figures workbook downloads through the ``download`` helper."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_pages_reach_no_other_host_and_log_no_error(page, guard, people):
    sign_in_as(page, people.staff)
    page.goto("/admin/")
    lists = page.eval_on_selector_all(
        "#content-main th[scope=row] a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(lists) > 10, lists
    problems = []
    for url in ["/admin/", "/admin/reports/figures/", *lists]:
        guard.reset()
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{url}: status {response and response.status}")
        if guard.outside:
            problems.append(f"{url} asked other hosts for {guard.outside}")
        if guard.console_errors:
            problems.append(f"{url} console errors: {guard.console_errors}")
    assert problems == []


def test_a_yearly_figures_workbook_downloads(page, people, download):
    sign_in_as(page, people.staff)
    page.goto("/admin/reports/figures/")

    workbook = download(lambda: page.get_by_role("link", name="Excel").first.click())

    assert workbook.filename.endswith(".xlsx")
    assert workbook.content[:2] == b"PK"  # an xlsx file is a zip archive

"""Every page a person can reach loads everything from our own server and runs without a
console error, for each kind of person who may open it.

The pages come from the route × role matrix (tests/portal/test_access_matrix.py), which every
route of the project must have a row in: each GET route is visited as each kind of person the
matrix says gets it (200). A route added later is visited without editing this file.
"""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import sign_in_as
from tests.portal.matrix import OK
from tests.portal.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db(transaction=True)

#: Set SCREENSHOT_EVERY_PAGE=1 to keep a phone-width screenshot of every page visited.
SCREENSHOTS = os.environ.get("SCREENSHOT_EVERY_PAGE") == "1"

#: One persona per kind of person; the matrix's "other_*" personas see the same pages.
KINDS = ("anonymous", "member", "convener", "leader", "unit_user", "staff")


def pages_for(kind: str) -> list[str]:
    return sorted(
        name
        for name, (method, _kwargs, _data, outcomes) in MATRIX.items()
        if method == "get" and outcomes[kind] == OK
    )


def test_every_kind_of_person_has_pages_to_visit():
    for kind in KINDS:
        assert pages_for(kind), kind
    assert {"home", "contact_points:list", "clues:submit", "portal:login"} <= set(
        pages_for("anonymous")
    )
    assert {"portal:home", "notifications:centre", "portal:performance"} <= set(pages_for("member"))
    assert "portal:sector_board" in pages_for("convener")
    assert "portal:group_board" in pages_for("leader")


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_reaches_another_host_or_logs_an_error(
    page, guard, people, committee, kind, artifacts_dir
):
    if kind != "anonymous":
        sign_in_as(page, getattr(people, kind))
    problems = []
    for name in pages_for(kind):
        _method, kwargs_for, _data, _outcomes = MATRIX[name]
        url = reverse(name, kwargs=kwargs_for(people, committee) if kwargs_for else {})
        guard.reset()
        try:
            response = page.goto(url, wait_until="networkidle")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file to download (an export), not a page
            raise
        if response is None or response.status != 200:
            problems.append(f"{name} ({url}): status {response and response.status}")
        if guard.outside:
            problems.append(f"{name} ({url}) asked other hosts for {guard.outside}")
        if guard.console_errors:
            problems.append(f"{name} ({url}) console errors: {guard.console_errors}")
        assert guard.requests, f"{name}: the guard saw no request"
        if SCREENSHOTS:
            shot = artifacts_dir / "pages" / f"{kind}-{name.replace(':', '-')}.png"
            shot.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
    assert problems == []


def test_the_guard_catches_a_request_to_another_host(page, guard, live_server):
    # Our pages' content security policy stops such a request before it leaves the browser...
    page.goto("/")
    page.evaluate("() => fetch('http://outside.invalid/x.js').catch(() => null)")
    page.wait_for_timeout(200)
    assert guard.outside == []
    assert any("outside.invalid" in v for v in guard.csp_violations), guard.csp_violations
    guard.csp_violations.clear()

    # ...and on a page without one, the guard catches it.
    page.goto("about:blank")
    page.evaluate("() => fetch('http://outside.invalid/x.js').catch(() => null)")
    page.wait_for_timeout(200)

    assert guard.outside == ["http://outside.invalid/x.js"]
    guard.outside.clear()  # the guard works; do not fail this test for it

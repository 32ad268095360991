"""The content security policy in a real browser: the main pages are sent one, break none of it
(every browser test fails on a reported violation, tests/browser/conftest.py; these say so
explicitly for the main pages) and still work under it: the board draws its charts from a static
script, the admin's language switch submits from one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, url: str) -> dict:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "http" not in policy, policy
    return response.headers


def test_the_guard_catches_a_violation(page, guard):
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_timeout(200)

    assert any("script-src" in v for v in guard.csp_violations), guard.csp_violations
    assert page.evaluate("() => window.x") is None  # and the browser did not run it
    guard.csp_violations.clear()  # the guard works; do not fail this test for it


def test_public_and_member_pages_break_no_policy(page, guard, people):
    for url in ["/", reverse("portal:login"), reverse("clues:submit")]:
        visit(page, url)
    sign_in_as(page, people.member)
    for url in [reverse("portal:home"), reverse("portal:performance"), reverse("portal:duties")]:
        visit(page, url)

    assert guard.csp_violations == []
    assert guard.console_errors == []


def test_the_board_draws_its_charts_under_the_policy(page, guard, people):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_as(page, people.convener)
    visit(
        page,
        reverse(
            "portal:sector_board",
            kwargs={"sector_id": people.sector_convened.pk, "year": 2024},
        ),
    )

    months = page.locator("#months-chart")
    assert months.get_attribute("data-label") == "履职次数"
    # Chart.js ran (from the static file) and sized the canvas to its 220-pixel box.
    assert page.evaluate("() => Chart.getChart('months-chart') !== undefined")
    assert months.bounding_box()["height"] == pytest.approx(220, abs=2)
    assert guard.csp_violations == [] and guard.console_errors == []


def test_the_admin_language_switch_works_under_the_policy(page, guard, people):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_as(page, people.staff)
    visit(page, "/admin/")

    with page.expect_navigation():
        page.locator("#admin-language").select_option("en")

    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert guard.csp_violations == [] and guard.console_errors == []


def test_the_two_factor_set_up_shows_its_qr_code_under_the_policy(page, guard, people):
    sign_in_as(page, people.member)
    visit(page, reverse("portal:two_factor"))
    with page.expect_navigation():
        page.get_by_role("button", name="开启两步验证").click()

    qr = page.locator(".qr-code svg")  # drawn inline by the server: no image, no script
    assert qr.bounding_box()["width"] > 100
    assert page.locator(".otp-secret").inner_text().replace(" ", "").isalnum()
    assert guard.csp_violations == [] and guard.console_errors == []

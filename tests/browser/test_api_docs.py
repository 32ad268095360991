"""The API's documentation pages load in a real browser from this server alone.

Swagger UI (/api/docs/) and ReDoc (/api/redoc/) come from drf-spectacular-sidecar's files,
served by the app; the guard fails the test on any request to another host (a CDN, Google
Fonts, Swagger's online validator).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def assert_only_our_server(guard):
    assert guard.requests, "the page made no request at all"
    assert guard.outside == []
    assert guard.console_errors == []


def scroll_to(page, locator, *, steps=200):
    """Swagger UI draws only the operations near the window: scroll down until ``locator`` is."""
    page.locator(".opblock-tag").first.wait_for()
    for _ in range(steps):
        if locator.count():
            locator.first.scroll_into_view_if_needed()
            return
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(100)
    raise AssertionError(f"never drawn: {locator}")


def test_swagger_ui_shows_the_operations_from_our_own_files(page, guard, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(reverse("api:api_docs"))
    committees = page.locator(".opblock-summary-path", has_text="/api/v1/committees/")
    scroll_to(page, committees)
    page.wait_for_timeout(500)  # the rest of the committees' operations below the first
    assert page.locator(".opblock-summary-path", has_text="/api/v1/auth/token/").count() == 1
    assert committees.count() == 4  # the list; one committee read, replaced, changed

    # An operation opens with its documented errors.
    page.locator("#operations-committees-committees_retrieve").click()
    responses = page.locator("#operations-committees-committees_retrieve .responses-table")
    responses.first.wait_for()
    for code in ("200", "401", "404", "429"):
        assert responses.locator(f"tr.response[data-code='{code}']").count() == 1, code

    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in u for u in guard.requests)
    assert any("/api/schema/" in u for u in guard.requests)
    assert_only_our_server(guard)


def test_redoc_shows_the_operations_without_outside_fonts(page, guard, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(reverse("api:api_redoc"))
    page.get_by_text("CPPCC member performance API").first.wait_for(timeout=60_000)
    page.get_by_text("/api/v1/committees/{id}/").first.wait_for(state="attached")
    assert page.locator("[data-section-id^='tag/committees']").count() >= 1

    html = page.content()
    assert "fonts.googleapis.com" not in html
    assert any("/static/drf_spectacular_sidecar/redoc/" in u for u in guard.requests)
    assert guard.outside == []
    # ReDoc's bundle always shows Redocly's logo from its CDN; the page's content security
    # policy stops the browser from asking for it, and the refusal is the only complaint.
    assert [e for e in guard.console_errors if "cdn.redoc.ly" not in e] == []
    # That refusal is the only content-security-policy violation: the policy at work. Nothing
    # else on the page (ReDoc's start-up script, its styles, its search worker) is refused.
    assert [v for v in guard.csp_violations if "cdn.redoc.ly" not in v] == []
    assert guard.csp_violations, "the browser did not report refusing the outside logo"
    guard.csp_violations.clear()

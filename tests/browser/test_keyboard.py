"""The sign-in page works from the keyboard: Tab reaches the username, the password and the
submit button in that order, and whoever has the focus shows it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, name: el.getAttribute("name"), tag: el.tagName, type: el.type || "",
    text: (el.innerText || "").trim(), inForm: !!el.closest("main form"),
    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
  };
}"""


def test_the_sign_in_page_opens_with_the_username_focused(page):
    page.goto("/accounts/login/")

    assert page.evaluate(FOCUSED)["name"] == "username"


def test_tab_walks_the_sign_in_form_in_order_with_a_visible_focus(page):
    page.goto("/accounts/login/")
    # Start from the page's heading, as after clicking on it, not from the username field the
    # page focuses by itself.
    page.get_by_role("heading", level=1).click()
    stops = []
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        stops.append(focused)
        if focused["tag"] == "BUTTON" and focused["inForm"]:
            break

    form_stops = [s for s in stops if s["inForm"]]
    assert [s["name"] or s["tag"] for s in form_stops] == ["username", "password", "BUTTON"]
    assert form_stops[-1]["text"] == "登录" and form_stops[-1]["type"] == "submit"
    for stop in form_stops:
        assert stop["outline"] != "none" and stop["outlineWidth"] >= 2, stop


def test_the_skip_link_comes_first_and_shows_when_focused(page):
    page.goto("/contact-points/")

    page.keyboard.press("Tab")

    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # on the screen, not parked off it

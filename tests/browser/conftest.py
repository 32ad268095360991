"""Browser tests in a real Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Fixtures:
- ``browser``: one headless Chromium for the whole session. A missing Chromium is a failure,
  never a skip: these tests are part of the suite.
- ``page``: a fresh browser context (Chinese, phone-sized unless a test resizes it) on the
  ``live_server``, guarded by ``guard``: every request the page makes is recorded, one to any
  host but the live server is aborted and fails the test, and console errors are collected; any
  content-security-policy violation the page reports (``securitypolicyviolation``) fails the
  test too.
- ``people``: one user per role (member, convener, leader, handling-unit officer, staff …), the
  same personas as the route × role matrix.
- ``sign_in(user)``: signs in through the real sign-in form; ``download(action)``: runs
  ``action`` (e.g. a click) and returns the file the browser downloaded.

Playwright's sync API runs an event loop in this thread, which trips Django's "async unsafe"
check on every ORM call made by the test itself; ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set for these
tests only. The live server runs in its own thread against the transactional test database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.portal.conftest import People, people  # noqa: F401  (the personas, re-used)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The password every user from ``tests.factories.core.UserFactory`` has.
PASSWORD = "pass-for-tests-only"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ is marked ``browser`` (so ``-m "not browser"`` leaves
    them out), including the flow tests that will be added here."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_calls_beside_playwrights_event_loop():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_allow_orm_calls_beside_playwrights_event_loop):
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), (
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium "
        "fonts-noto-cjk); .ci/run does this in CI"
    )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Guard:
    """What a page asked for and complained about, while a test ran."""

    allowed_origin: str
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    #: Every content-security-policy violation reported while the test ran (kept by ``reset``).
    csp_violations: list[str] = field(default_factory=list)

    def is_ours(self, url: str) -> bool:
        parts = urlsplit(url)
        # Inline data, and the browser's own pages (its PDF viewer loads chrome:// and
        # chrome-extension:// resources to show a PDF): nothing goes over the network.
        if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.allowed_origin

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if self.is_ours(url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def on_console(self, message) -> None:
        if message.text.startswith(CSP_MARK):
            self.csp_violations.append(f"{message.text} ({message.location.get('url', '')})")
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def reset(self) -> None:
        self.requests.clear()
        self.outside.clear()
        self.console_errors.clear()


#: Run in every page before its own scripts: report each violation of the content security
#: policy on the console, where ``Guard.on_console`` picks it up.
CSP_MARK = "CSP violation:"
REPORT_CSP_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", function (event) {{
  console.error("{CSP_MARK} " + event.effectiveDirective + " blocked " + (event.blockedURI || "inline")
    + " in " + event.documentURI + (event.sample ? " (" + event.sample + ")" : ""));
}});
"""


@pytest.fixture
def guard(live_server) -> Guard:
    return Guard(allowed_origin=live_server.url)


@pytest.fixture
def page(browser, live_server, guard):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=PHONE,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    context.route("**/*", guard.route)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", guard.on_console)
    page.on("pageerror", guard.on_page_error)
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body: fail it if its page sent anything to another host or broke its
    content security policy."""
    result = yield
    guard = item.funcargs.get("guard")
    if guard is not None:
        assert guard.outside == [], "the page made requests to hosts other than the live server"
        assert guard.csp_violations == [], "the page broke its content security policy"
    return result


def sign_in_as(page, user, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would, and wait for the page that follows."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="登录").click()
    assert "/accounts/login/" not in page.url, f"{user.username} could not sign in"


@pytest.fixture
def sign_in(page) -> Callable:
    """``sign_in(user)``: sign ``page`` in as ``user`` through the sign-in form."""

    def sign_in(user, password: str = PASSWORD) -> None:
        sign_in_as(page, user, password)

    return sign_in


@dataclass
class Downloaded:
    filename: str
    content: bytes


def capture_download(page, action: Callable[[], object]) -> Downloaded:
    """Run ``action`` (which should make the browser download a file) and return the file."""
    with page.expect_download() as info:
        action()
    download = info.value
    return Downloaded(download.suggested_filename, Path(download.path()).read_bytes())


@pytest.fixture
def download(page) -> Callable[[Callable[[], object]], Downloaded]:
    """``download(lambda: page.get_by_role("link", name="导出").click())`` → the file."""
    return lambda action: capture_download(page, action)


@pytest.fixture
def artifacts_dir() -> Path:
    """Where screenshots go: ``$ARTIFACTS_DIR/screenshots`` or ``artifacts/screenshots``."""
    root = Path(os.environ.get("ARTIFACTS_DIR") or Path(__file__).parents[2] / "artifacts")
    path = root / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path

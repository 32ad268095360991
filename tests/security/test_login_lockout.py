"""Sign-in throttling: repeated wrong passwords lock the account (portal, admin, API token), even
against the right password, until staff of its committee unlock it; every sign-in, failure and
lockout is recorded with username, address and UTC time (database and the security log)."""

import datetime as dt
import logging
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.core import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"
LIMIT = 5
PORTAL = reverse("portal:login")
ADMIN = reverse("admin:login")
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # the API token sign-in's per-address rate limit lives in the cache


@pytest.fixture
def person(committee):
    return UserFactory(committee=committee)


def _sign_in(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, url, username, times=LIMIT):
    for _ in range(times):
        _sign_in(client, url, username, "wrong-password")


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_settings_are_the_documented_ones(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_COOLOFF_TIME is None  # until staff unlock


@pytest.mark.parametrize("url", [PORTAL, ADMIN], ids=["portal", "admin"])
def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(client, url):
    user = StaffUserFactory()  # staff, so the admin would let them in
    _fail(client, url, user.username, LIMIT - 1)
    assert _sign_in(client, url, user.username, "wrong-password").status_code == 429

    response = _sign_in(client, url, user.username, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "账户已锁定" in html and "委员会办公室" in html
    assert 'class="site-header"' in html  # the site's own page, not a bare message
    assert _signed_in_as(client) is None


def test_one_failure_less_than_the_limit_still_lets_the_right_password_in(client, person):
    _fail(client, PORTAL, person.username, LIMIT - 1)
    response = _sign_in(client, PORTAL, person.username, PASSWORD)
    assert response.status_code == 302
    assert _signed_in_as(client) == str(person.pk)
    # A success forgets the failures: the next mistakes start counting from zero.
    assert not AccessAttempt.objects.filter(username=person.username).exists()


def test_another_account_behind_the_same_address_is_unaffected(client, person, committee):
    colleague = UserFactory(committee=committee)
    _fail(client, PORTAL, person.username)
    response = _sign_in(client, PORTAL, colleague.username, PASSWORD)
    assert response.status_code == 302
    assert _signed_in_as(client) == str(colleague.pk)


def test_the_lock_holds_from_another_address(client, person):
    _fail(client, PORTAL, person.username)
    response = _sign_in(client, PORTAL, person.username, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429


def test_many_failures_from_one_address_refuse_that_address(client, settings, committee):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    people = UserFactory.create_batch(4, committee=committee)
    for someone in people[:3]:
        _fail(client, PORTAL, someone.username, 3)  # 9 failures, none reaches the account limit
    assert _sign_in(client, PORTAL, people[3].username, PASSWORD).status_code == 429
    other = _sign_in(client, PORTAL, people[3].username, PASSWORD, address="10.0.0.2")
    assert other.status_code == 302


def test_the_api_token_sign_in_is_locked_too_with_a_chinese_403(person):
    api = APIClient()
    for _ in range(LIMIT):
        api.post(TOKEN_URL, {"username": person.username, "password": "wrong-password"})
    response = api.post(TOKEN_URL, {"username": person.username, "password": PASSWORD})
    assert response.status_code == 403
    assert response.json()["code"] == "account_locked"
    assert "委员会办公室" in response.json()["detail"]


def _unlock(client, *users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [u.pk for u in users]},
        follow=True,
    )


def test_committee_staff_unlock_the_account_and_the_right_password_works_again(
    client, staff, person
):
    anonymous = client.__class__()
    _fail(anonymous, PORTAL, person.username)
    assert _sign_in(anonymous, PORTAL, person.username, PASSWORD).status_code == 429

    client.force_login(staff)
    changelist = client.get(reverse("admin:accounts_user_changelist"))
    assert "解除登录锁定" in changelist.content.decode()
    response = _unlock(client, person)
    assert "已为 1 个账户解除登录锁定" in response.content.decode()

    assert _sign_in(anonymous, PORTAL, person.username, PASSWORD).status_code == 302
    assert _signed_in_as(anonymous) == str(person.pk)


def test_staff_of_another_committee_neither_see_nor_unlock_the_account(
    client, person, other_committee
):
    outsider = StaffUserFactory(committee=other_committee)
    _fail(client.__class__(), PORTAL, person.username)

    client.force_login(outsider)
    changelist = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert person.username not in changelist
    change = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert change.status_code == 302 and change.url == reverse("admin:index")

    _unlock(client, person)
    assert AccessAttempt.objects.filter(username=person.username).exists()
    assert _sign_in(client.__class__(), PORTAL, person.username, PASSWORD).status_code == 429


ISO_UTC = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"


def _lines(caplog, event):
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "cppcc.security" and r.getMessage().startswith(event + " ")
    ]


def test_sign_ins_failures_and_lockouts_are_recorded_with_user_address_and_utc_time(
    client, person, caplog
):
    caplog.set_level(logging.INFO, logger="cppcc.security")
    before = dt.datetime.now(dt.UTC)
    _sign_in(client, PORTAL, person.username, PASSWORD, address="10.1.2.3")
    client.logout()
    _fail(client, PORTAL, person.username)

    success = AccessLog.objects.get(username=person.username)
    assert success.ip_address == "10.1.2.3"
    assert success.attempt_time.utcoffset() == dt.timedelta(0)
    assert before <= success.attempt_time <= dt.datetime.now(dt.UTC)

    failures = AccessFailureLog.objects.filter(username=person.username).order_by("attempt_time")
    assert failures.count() == LIMIT
    assert {f.ip_address for f in failures} == {"10.0.0.1"}
    assert [f.locked_out for f in failures] == [False] * (LIMIT - 1) + [True]
    attempt = AccessAttempt.objects.get(username=person.username)
    assert attempt.failures_since_start == LIMIT

    (signed_in,) = _lines(caplog, "sign-in")
    assert re.fullmatch(
        rf"sign-in time={ISO_UTC} username={person.username} address=10\.1\.2\.3", signed_in
    )
    failed = _lines(caplog, "sign-in-failed")
    assert len(failed) == LIMIT
    assert all(
        re.fullmatch(
            rf"sign-in-failed time={ISO_UTC} username={person.username} "
            r"address=10\.0\.0\.1",
            line,
        )
        for line in failed
    )
    (locked,) = _lines(caplog, "locked-out")
    assert re.fullmatch(
        rf"locked-out time={ISO_UTC} username={person.username} "
        r"address=10\.0\.0\.1",
        locked,
    )


def test_the_address_is_the_connections_own_unless_a_proxy_header_is_configured(
    client, person, settings
):
    _sign_in(client, PORTAL, person.username, "wrong", address="10.0.0.7")
    client.post(
        PORTAL,
        {"username": person.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.7",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"10.0.0.7"}

    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    client.post(
        PORTAL,
        {"username": person.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.7",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",  # the first is the client's claim
    )
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
        "10.0.0.7",
        "203.0.113.9",
    }


def test_staff_see_which_accounts_are_locked_and_filter_them(client, staff, person, committee):
    other = UserFactory(committee=committee)
    _fail(client.__class__(), PORTAL, person.username)
    _fail(client.__class__(), PORTAL, other.username, times=LIMIT - 1)  # one more try left
    client.force_login(staff)
    changelist = reverse("admin:accounts_user_changelist")

    def listed(query):
        page = client.get(changelist + query)
        return {user.username for user in page.context["cl"].result_list}

    assert listed("?locked=yes") == {person.username}
    assert listed("?locked=no") == {staff.username, other.username}
    shown = client.get(changelist).context["cl"].result_list
    assert {u.username: u.sign_in_failures for u in shown}[person.username] == LIMIT
    assert "登录已锁定" in client.get(changelist).content.decode()  # the column's heading

    _unlock(client, person)
    assert listed("?locked=yes") == set()

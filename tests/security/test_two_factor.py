"""Two-factor sign-in: turning it on (QR code and key, confirming code, backup codes), the code
after the password on the portal's and the admin's sign-in, backup codes used once, wrong codes
throttled, staff forced to set it up before reaching anything, turning it off, staff resetting it
for their own committee only, and the API's token sign-in asking for the code."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import re
import sys

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import two_factor
from tests.factories.core import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"
LOGIN = reverse("portal:login")
SETUP = reverse("portal:two_factor_setup")
VERIFY = reverse("portal:two_factor_verify")
TOKEN_URL = "/api/v1/auth/token/"
WRONG = "这个验证码不正确"


@pytest.fixture(autouse=True)
def _clock(time_machine):
    # A fixed instant, moved on by hand: each code is good for one 30-second step, once.
    time_machine.move_to(dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def staff_must(settings):
    settings.ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR = True


@pytest.fixture
def person(committee):
    return UserFactory(committee=committee)


def code(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def next_step(time_machine, seconds=31):
    time_machine.shift(dt.timedelta(seconds=seconds))


def with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def sign_in(client, user, url=LOGIN, **extra):
    return client.post(url, {"username": user.username, "password": PASSWORD, **extra})


def page(response) -> str:
    return response.content.decode()


def test_production_keeps_staff_two_factor_required_whatever_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "test-only-" + "k" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "cppcc.example.gov.cn")
    monkeypatch.setenv("DJANGO_STAFF_REQUIRE_TWO_FACTOR", "false")
    sys.modules.pop("cppcc.settings.production", None)
    production = importlib.import_module("cppcc.settings.production")
    sys.modules.pop("cppcc.settings.production", None)
    assert production.ACCOUNTS_STAFF_REQUIRE_TWO_FACTOR is True


def test_it_turns_on_with_a_qr_code_and_the_key_and_a_confirming_code(client, person, time_machine):
    client.force_login(person)
    assert "两步验证已关闭" in page(client.get(reverse("portal:two_factor")))
    response = client.post(reverse("portal:two_factor_start"))
    assert response.status_code == 302 and response.url == SETUP

    html = page(client.get(SETUP))
    device = TOTPDevice.objects.get(user=person)
    assert not device.confirmed
    assert '<svg width="' in html and "<img" not in html and "<script" not in html
    assert two_factor.device_secret(device) in html
    assert "otpauth://" not in html  # the key travels in the QR code, not in a link

    # An unconfirmed device does not count: the password alone still signs in.
    assert sign_in(Client(), person).url == reverse("portal:home")

    wrong = client.post(SETUP, {"code": "000000"})
    assert WRONG in page(wrong)
    next_step(time_machine)
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    done = client.post(SETUP, {"code": code(device)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page(done))
    assert "两步验证已开启" in page(done) and len(codes) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # verified


def test_turning_it_on_ends_the_persons_other_sessions(client, person, time_machine):
    elsewhere = Client()
    elsewhere.force_login(person)
    client.force_login(person)
    client.post(reverse("portal:two_factor_start"))
    device = TOTPDevice.objects.get(user=person)
    client.post(SETUP, {"code": code(device)})
    assert not Session.objects.filter(session_key=elsewhere.session.session_key).exists()
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize(
    "url, landing",
    [(LOGIN, reverse("portal:home")), (reverse("admin:login"), reverse("admin:index"))],
    ids=["portal", "admin"],
)
def test_sign_in_asks_for_the_code_after_the_password(
    client, committee, time_machine, url, landing
):
    user = StaffUserFactory(committee=committee)
    device = with_device(user)
    response = sign_in(client, user, url, next=landing)  # as the admin's form sends it
    target = client.get(response.url)  # where the sign-in page sends them
    assert target.status_code == 302 and target.url.startswith(VERIFY)
    assert client.get(landing).url.startswith(VERIFY)
    assert client.get(reverse("overview:index")).url.startswith(VERIFY)
    assert client.get(reverse("api:committee-list")).status_code == 403

    wrong = client.post(target.url, {"code": "123456"})
    assert WRONG in page(wrong)
    assert client.get(landing).url.startswith(VERIFY)

    next_step(time_machine)
    verified = client.post(target.url, {"code": code(device)})
    assert verified.status_code == 302 and verified.url == landing
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(landing).status_code == 200


def test_a_backup_code_signs_in_once(client, person, time_machine):
    with_device(person)
    backup = two_factor.backup_codes_issue(user=person)[0]
    sign_in(client, person)
    response = client.post(VERIFY, {"code": backup.upper()})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200

    again = Client()
    sign_in(again, person)
    next_step(time_machine)
    assert WRONG in page(again.post(VERIFY, {"code": backup}))
    assert StaticToken.objects.filter(device__user=person).count() == 9


def test_wrong_codes_in_a_row_make_even_the_right_one_wait(client, person, time_machine, caplog):
    device = with_device(person)
    sign_in(client, person)
    with caplog.at_level(logging.INFO, logger="cppcc.security"):
        for wait in (1, 2, 0):  # each wrong code tried when the previous delay is over
            client.post(VERIFY, {"code": "000000"})
            next_step(time_machine, wait)
        refused = client.post(VERIFY, {"code": code(device)})
    assert "验证码错误次数过多，请等待 4 秒后再试" in page(refused)
    assert client.get(reverse("portal:home")).url.startswith(VERIFY)
    failures = [r for r in caplog.records if r.getMessage().startswith("two-factor-failed")]
    assert len(failures) == 4 and f"username={person.username}" in failures[0].getMessage()

    next_step(time_machine, 4)
    assert client.post(VERIFY, {"code": code(device)}).url == reverse("portal:home")


def test_staff_without_a_device_reach_nothing_until_they_set_it_up(
    client, staff, staff_must, time_machine
):
    signed_in = sign_in(client, staff, reverse("admin:login"), next=reverse("admin:index"))
    assert client.get(signed_in.url).url.startswith(SETUP)  # the admin's index
    for url in [reverse("admin:accounts_user_changelist"), reverse("overview:index")]:
        assert client.get(url).url.startswith(SETUP)
    api = client.get(reverse("api:committee-list"))
    assert api.status_code == 403 and api.json()["code"] == "two_factor_required"
    assert "两步验证" in api.json()["detail"]
    assert client.get(reverse("healthz")).status_code == 200
    assert "必须使用两步验证" in page(client.get(SETUP))

    client.post(reverse("portal:two_factor_start"))
    device = TOTPDevice.objects.get(user=staff)
    client.post(SETUP, {"code": code(device)})
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("api:committee-list")).status_code == 200


def test_staff_whose_session_predates_their_device_are_asked_for_the_code(
    client, staff, staff_must
):
    with_device(staff)
    client.force_login(staff)
    session = client.session
    del session[two_factor.CODE_PENDING]  # signed in before the device was confirmed
    session.save()
    sent = client.get(reverse("admin:index"))
    assert sent.url.startswith(SETUP)
    assert client.get(sent.url).url.startswith(VERIFY)
    assert "两步验证码" in page(client.get(client.get(sent.url).url))


def test_a_member_turns_it_off_with_a_code_or_the_password(client, person, time_machine):
    device = with_device(person)
    client.force_login(person)
    client.post(VERIFY, {"code": code(device)})
    off = reverse("portal:two_factor_disable")

    refused = client.post(off, {"password": "not-my-password"}, follow=True)
    assert "密码不正确" in page(refused)
    assert TOTPDevice.objects.filter(user=person).exists()

    done = client.post(off, {"password": PASSWORD}, follow=True)
    assert "两步验证已关闭" in page(done)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert sign_in(Client(), person).url == reverse("portal:home")  # no code asked

    device = with_device(person)
    next_step(time_machine)
    client.post(off, {"code": code(device)})
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_staff_cannot_turn_it_off(client, staff, staff_must, time_machine):
    device = with_device(staff)
    client.force_login(staff)
    client.post(VERIFY, {"code": code(device)})
    assert "不能关闭" in page(client.get(reverse("portal:two_factor")))
    response = client.post(
        reverse("portal:two_factor_disable"), {"password": PASSWORD}, follow=True
    )
    assert "工作人员必须使用两步验证" in page(response)
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def _reset(client, *users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [u.pk for u in users]},
        follow=True,
    )


def test_committee_staff_reset_it_for_a_person_of_their_committee(
    client, staff, person, caplog, time_machine
):
    with_device(person)
    two_factor.backup_codes_issue(user=person)
    theirs = Client()
    theirs.force_login(person)

    client.force_login(staff)
    with caplog.at_level(logging.INFO, logger="cppcc.security"):
        response = _reset(client, person)
    assert "已为 1 个账户重置两步验证" in page(response)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    assert not Session.objects.filter(session_key=theirs.session.session_key).exists()
    assert any(
        r.getMessage().startswith("two-factor-reset")
        and f"username={person.username}" in r.getMessage()
        and f"by={staff.username}" in r.getMessage()
        for r in caplog.records
    )
    assert sign_in(Client(), person).url == reverse("portal:home")


def test_staff_of_another_committee_cannot_reset_it(client, person, other_committee):
    with_device(person)
    client.force_login(StaffUserFactory(committee=other_committee))
    _reset(client, person)
    assert TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def test_the_api_token_sign_in_asks_for_the_code(person, time_machine):
    device = with_device(person)
    api = APIClient()
    credentials = {"username": person.username, "password": PASSWORD}

    missing = api.post(TOKEN_URL, credentials)
    assert missing.status_code == 400 and list(missing.json()) == ["otp"]
    wrong = api.post(TOKEN_URL, {**credentials, "otp": "000000"})
    assert wrong.status_code == 400 and WRONG in wrong.json()["otp"][0]

    next_step(time_machine)
    right = api.post(TOKEN_URL, {**credentials, "otp": code(device)})
    assert right.status_code == 200 and right.json()["token"]


def test_the_api_gives_staff_without_two_factor_no_token(staff, staff_must):
    response = APIClient().post(TOKEN_URL, {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_setup_required"
    assert "两步验证" in response.json()["detail"]

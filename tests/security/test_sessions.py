"""Sessions end at sign-out, on deactivation and password changes, and after idle and absolute
timeouts; a cookie kept from before is refused afterwards."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"
HOME = reverse("portal:home")
LOGIN = reverse("portal:login")


@pytest.fixture
def person(committee):
    return UserFactory(committee=committee, email="weiyuan@example.cn")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def kept_copy(client: Client) -> Client:
    """Another browser holding a copy of the client's session cookie."""
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return thief


def is_signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def test_sessions_are_stored_in_the_database():
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )


def test_a_cookie_kept_from_before_signing_out_of_the_portal_no_longer_works(person):
    client = signed_in(person)
    thief = kept_copy(client)
    assert is_signed_in(thief)
    client.post(reverse("portal:logout"))
    assert not is_signed_in(thief)
    assert not Session.objects.exists()


def test_a_cookie_kept_from_before_signing_out_of_the_admin_no_longer_works(staff):
    client = signed_in(staff)
    thief = kept_copy(client)
    assert thief.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    response = thief.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_staff_deactivating_an_account_ends_all_its_sessions(staff_client, person):
    phone, office = signed_in(person), signed_in(person)
    other = signed_in(UserFactory())
    response = staff_client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {"username": person.username, "name": person.name, "email": person.email, "phone": ""},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert not is_signed_in(phone) and not is_signed_in(office)
    assert is_signed_in(other) and is_signed_in(staff_client)
    # Deleted server-side, not only refused: the other person's and the staff's are left.
    assert Session.objects.count() == 2


def test_the_deactivation_service_deletes_the_sessions(person):
    phone = signed_in(person)
    services.user_deactivate(user=person)
    assert not Session.objects.exists()
    assert not is_signed_in(phone)


def test_a_kept_cookie_of_an_account_deactivated_behind_the_apps_back_is_refused(person):
    phone = signed_in(person)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert Session.objects.count() == 1  # still stored …
    assert not is_signed_in(phone)  # … but worth nothing


def test_a_password_set_by_staff_ends_the_persons_sessions(staff_client, person):
    phone = signed_in(person)
    response = staff_client.post(
        f"/admin/accounts/user/{person.pk}/password/",
        {
            "password1": "qing shan lu shui chang liu",
            "password2": "qing shan lu shui chang liu",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert is_signed_in(staff_client)


def test_changing_ones_password_keeps_this_session_and_ends_the_others(person):
    here, elsewhere = signed_in(person), signed_in(person)
    here.post(
        reverse("portal:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "qing shan lu shui chang liu",
            "new_password2": "qing shan lu shui chang liu",
        },
    )
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_a_password_reset_ends_every_session(person):
    import re

    from django.core import mail

    phone = signed_in(person)
    browser = Client()
    browser.post(reverse("portal:password_reset"), {"email": person.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form_url = browser.get(link.group(1)).url
    new = "qing shan lu shui chang liu"
    browser.post(form_url, {"new_password1": new, "new_password2": new})
    person.refresh_from_db()
    assert person.check_password(new)
    assert not is_signed_in(phone)


# Timeouts -------------------------------------------------------------------------------------

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def later(**delta) -> datetime.datetime:
    return START + datetime.timedelta(**delta)


def test_an_idle_session_ends_with_a_chinese_message_on_the_sign_in_page(clock, person):
    client = signed_in(person)
    clock.move_to(later(minutes=29), tick=False)
    assert is_signed_in(client)
    clock.move_to(later(minutes=29 + 31), tick=False)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={HOME}"
    page = client.get(response.url)
    assert "登录已超时，请重新登录" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert (
        not Session.objects.filter(expire_date__gt=later(hours=1))
        .exclude(session_key=client.session.session_key)
        .exists()
    )


def test_the_admin_times_out_too(clock, staff):
    client = signed_in(staff)
    clock.move_to(later(minutes=31), tick=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["登录已超时，请重新登录"]


def test_an_active_session_still_ends_twelve_hours_after_signing_in(clock, person):
    client = signed_in(person)
    minutes = 0
    while minutes + 25 < 12 * 60:
        minutes += 25
        clock.move_to(later(minutes=minutes), tick=False)
        assert is_signed_in(client), minutes
    clock.move_to(later(hours=12), tick=False)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not is_signed_in(client)


def test_signing_in_again_starts_a_fresh_session(clock, person):
    client = signed_in(person)
    clock.move_to(later(hours=13), tick=False)
    assert not is_signed_in(client)
    client.post(LOGIN, {"username": person.username, "password": PASSWORD})
    assert is_signed_in(client)


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_last_seen_is_written_at_most_once_a_minute(clock, person):
    client = signed_in(person)
    clock.move_to(later(seconds=30), tick=False)
    with CaptureQueriesContext(connection) as queries:
        assert is_signed_in(client)
    assert session_writes(queries.captured_queries) == []
    clock.move_to(later(seconds=61), tick=False)
    with CaptureQueriesContext(connection) as queries:
        assert is_signed_in(client)
    assert len(session_writes(queries.captured_queries)) == 1
    # The refresh counts: 29 minutes after it the session is still alive.
    clock.move_to(later(seconds=61, minutes=29), tick=False)
    assert is_signed_in(client)


def test_the_timeouts_come_from_the_settings(clock, person, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = signed_in(person)
    clock.move_to(later(minutes=6), tick=False)
    assert not is_signed_in(client)


def test_an_api_token_is_not_subject_to_the_session_timeouts(clock, staff):
    token = Token.objects.create(user=staff)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(reverse("api:committee-list")).status_code == 200
    clock.move_to(later(days=2), tick=False)
    assert api.get(reverse("api:committee-list")).status_code == 200


def test_a_timed_out_session_on_the_api_is_answered_as_signed_out_not_redirected(clock, staff):
    api = APIClient()
    api.force_login(staff)
    assert api.get(reverse("api:committee-list")).status_code == 200
    clock.move_to(later(minutes=31), tick=False)
    assert api.get(reverse("api:committee-list")).status_code in (401, 403)

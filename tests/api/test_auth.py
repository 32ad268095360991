"""Signing in to the API: a token for other systems, the browser's session for our own pages."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories.core import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def test_it_gives_a_token_for_the_right_password_and_it_opens_the_api(committee, staff):
    response = APIClient().post(TOKEN_URL, {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=staff).key == key

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listing = client.get(reverse("api:committee-list"))
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [committee.pk]


def test_it_gives_the_same_token_on_the_next_sign_in(staff):
    first = APIClient().post(TOKEN_URL, {"username": staff.username, "password": PASSWORD})
    again = APIClient().post(TOKEN_URL, {"username": staff.username, "password": PASSWORD})
    assert first.json()["token"] == again.json()["token"]


def test_it_refuses_a_wrong_password_in_chinese(staff):
    response = APIClient().post(TOKEN_URL, {"username": staff.username, "password": "wrong"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["无法使用提供的认证信息登录。"]}
    assert not Token.objects.filter(user=staff).exists()


def test_it_names_the_missing_fields(staff):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_a_deactivated_person_gets_no_token_and_their_old_token_is_refused(staff):
    key = Token.objects.create(user=staff).key
    staff.is_active = False
    staff.save()

    signing_in = APIClient().post(TOKEN_URL, {"username": staff.username, "password": PASSWORD})
    assert signing_in.status_code == 400

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(reverse("api:committee-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "用户未激活或者已删除。", "code": "authentication_failed"}
    assert response["WWW-Authenticate"] == "Token"


def test_a_made_up_token_is_a_401_naming_the_scheme():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(reverse("api:committee-list"))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_is_a_401_in_chinese():
    response = APIClient().get(reverse("api:committee-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "身份认证信息未提供。", "code": "not_authenticated"}


def test_errors_stay_chinese_whatever_the_client_sends_and_english_is_the_cookies_choice():
    # As on the web pages (cppcc.middleware): Chinese first, English only when chosen.
    client = APIClient()
    asked = client.get(reverse("api:committee-list"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert asked.json()["detail"] == "身份认证信息未提供。"
    client.cookies["django_language"] = "en"
    chosen = client.get(reverse("api:committee-list"))
    assert chosen.json()["detail"] == "Authentication credentials were not provided."


def test_a_stale_token_header_does_not_stop_signing_in(staff):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token expired-or-revoked")
    response = client.post(TOKEN_URL, {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 200


# The browser's session: reading works as it is; a write needs the CSRF token.


def test_a_signed_in_browser_reads_with_its_session(client, staff, committee):
    client.force_login(staff)
    response = client.get(reverse("api:committee-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 1


# A write to the read-only sector periods endpoint is refused either way; what matters here is
# whether the refusal is the CSRF check's.
def _write(client):
    return client.post(reverse("api:sector-membership-list"), {"member": 1}, format="json")


def test_a_session_write_without_the_csrf_token_is_refused(committee, staff):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff)  # sign-in throttling needs a request: no client.login()
    response = _write(client)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["detail"]


def test_a_session_write_with_the_csrf_token_passes_the_csrf_check(committee, staff):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # the sign-in page sets the CSRF cookie
    client.force_login(staff)  # sign-in throttling needs a request: no client.login()
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    response = _write(client)
    assert response.status_code == 403
    assert "CSRF" not in response.json()["detail"]


def test_a_token_write_needs_no_csrf_token(committee, staff):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    response = _write(client)
    assert response.status_code == 403
    assert "CSRF" not in response.json()["detail"]


# Tokens in the admin: the platform operator's only (a token acts as its person).


def test_the_operator_manages_tokens_in_the_admin(client, staff):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 200
    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": staff.pk})
    assert response.status_code == 302
    assert Token.objects.filter(user=staff).exists()


def test_committee_staff_cannot_see_or_issue_tokens(client, staff):
    member_user = UserFactory(committee=staff.committee)
    Token.objects.create(user=member_user)
    client.force_login(staff)

    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 403
    assert client.get(reverse("admin:authtoken_tokenproxy_add")).status_code == 403
    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": staff.pk})
    assert response.status_code == 403
    assert not Token.objects.filter(user=staff).exists()
    index = client.get(reverse("admin:index"))
    assert "authtoken" not in index.content.decode()


def test_even_a_staff_user_given_the_token_permissions_cannot(client):
    from django.contrib.auth.models import Permission

    staff = StaffUserFactory()
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="authtoken"))
    client.force_login(staff)
    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 403

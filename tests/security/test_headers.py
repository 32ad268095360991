"""What a browser is told by a response served with the production settings: cookies only over
HTTPS and out of scripts' reach, HSTS, no content sniffing, no framing, and a content security
policy that names no other host.

The ``production`` fixture applies every setting cppcc/settings/production.py sets differently
from base.py (read from the module itself, so a change there is tested here), except the two that
need what tests do not have: the manifest of collected static files and an SMTP server.
"""

from __future__ import annotations

import importlib
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from cppcc.settings import base
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

HOST = "cppcc.example.gov.cn"
NOT_APPLIED = {"STORAGES", "EMAIL_BACKEND"}


def production_settings(monkeypatch) -> dict:
    monkeypatch.setenv("DJANGO_SECRET_KEY", "test-only-" + "k" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", HOST)
    sys.modules.pop("cppcc.settings.production", None)
    production = importlib.import_module("cppcc.settings.production")
    sys.modules.pop("cppcc.settings.production", None)
    return {
        name: value
        for name, value in vars(production).items()
        if name.isupper()
        and name not in NOT_APPLIED
        and (not hasattr(base, name) or getattr(base, name) != value)
    }


@pytest.fixture
def production(monkeypatch):
    values = production_settings(monkeypatch)
    assert values["DEBUG"] is False and values["SESSION_COOKIE_SECURE"] is True
    with override_settings(**values):
        yield values


def get(client, url, **extra):
    return client.get(url, headers={"host": HOST, "x-forwarded-proto": "https"}, **extra)


def test_plain_http_is_sent_to_https(client, production):
    response = client.get(reverse("portal:login"), headers={"host": HOST})
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}{reverse('portal:login')}"


def test_the_sign_in_page_sends_the_security_headers(client, production):
    response = get(client, reverse("portal:login"))

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_the_content_security_policy_names_no_other_host(client, production):
    policy = policy_of(get(client, reverse("portal:login")))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script on the page: no nonce issued
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    for name, sources in policy.items():
        for source in sources:
            assert source.startswith("'") or source in ("data:", "blob:"), (name, source)
        assert "'unsafe-eval'" not in sources
        if name in ("script-src", "default-src", "style-src"):
            assert "'unsafe-inline'" not in sources, name


def test_the_session_and_csrf_cookies_are_secure_and_kept_from_scripts(client, production):
    user = UserFactory()
    page = get(client, reverse("portal:login"))
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    response = client.post(
        reverse("portal:login"),
        {
            "username": user.username,
            "password": "pass-for-tests-only",
            "csrfmiddlewaretoken": csrf.value,
        },
        headers={"host": HOST, "x-forwarded-proto": "https", "referer": f"https://{HOST}/"},
    )

    assert response.status_code == 302, response.content[:500]
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_the_api_docs_run_their_inline_code_by_nonce_only(client, production):
    client.force_login(UserFactory())
    swagger = get(client, reverse("api:api_docs"))
    policy = policy_of(swagger)
    nonce = next(s for s in policy["script-src"] if s.startswith("'nonce-"))
    assert policy["script-src"] == ["'self'", nonce]
    assert f'<script nonce="{nonce[7:-1]}">' in swagger.content.decode()

    redoc = policy_of(get(client, reverse("api:api_redoc")))
    # ReDoc's own <style> elements: the one widening, on that page only.
    assert redoc["style-src"] == ["'self'", "'unsafe-inline'"]
    assert redoc["worker-src"] == ["'self'", "blob:"]
    assert "'unsafe-inline'" not in redoc["script-src"]

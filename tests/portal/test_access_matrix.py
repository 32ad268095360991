"""Every route of the project × every role: who gets the page, who is sent to sign in, who is
refused (403) and to whom the object does not exist (404).

A route without a row here fails ``test_every_route_has_a_row``: whoever adds a URL decides, in
this table, who may open it. The admin (including the reports under /admin/) and Django's
language switch are left out: the admin has its own tests (tests/test_admin_site.py), the API its own
matrix (tests/api/test_endpoint_matrix.py).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.portal
from tests.portal.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    SIGNED_IN,
    everyone,
    members_only,
    only,
    own_notification,
    scored_year,
    signed_in,
)

pytestmark = pytest.mark.django_db

# name: (method, kwargs builder or None, data, {role: expected outcome})
CORE_ROWS = {
    "home": ("get", None, None, everyone(OK)),
    "healthz": ("get", None, None, everyone(OK)),
    "portal:home": ("get", None, None, signed_in(OK)),
    # A signed-in person asking for the sign-in page is taken to their home page.
    "portal:login": ("get", None, None, {"anonymous": OK, **dict.fromkeys(SIGNED_IN, REDIRECT)}),
    # Signing out (POST) always ends on the sign-in page.
    "portal:logout": ("post", None, None, everyone(LOGIN)),
    "portal:password_change": ("get", None, None, signed_in(OK)),
    "portal:password_change_done": ("get", None, None, signed_in(OK)),
    "portal:password_reset": ("get", None, None, everyone(OK)),
    "portal:password_reset_done": ("get", None, None, everyone(OK)),
    # A forged link shows the "invalid link" page to everyone.
    "portal:password_reset_confirm": (
        "get",
        lambda people, committee: {"uidb64": "MQ", "token": "forged-token"},
        None,
        everyone(OK),
    ),
    "portal:password_reset_complete": ("get", None, None, everyone(OK)),
    "portal:performance": ("get", None, None, members_only(OK)),
    "portal:performance_year": ("get", lambda p, c: {"year": 2024}, None, members_only(OK)),
    # Each member disputes a line of their own result.
    "portal:dispute": ("post", scored_year, {"comment": "少计一次"}, members_only(REDIRECT)),
    # A convener's own sector; another convener is told it does not exist.
    "portal:sector_board": (
        "get",
        lambda p, c: {"sector_id": p.sector_convened.pk, "year": 2024},
        None,
        only({"convener": OK, "other_convener": NOT_FOUND}, otherwise=FORBIDDEN),
    ),
    "portal:group_board": (
        "get",
        lambda p, c: {"group_id": p.group_led.pk, "year": 2024},
        None,
        only({"leader": OK}, otherwise=FORBIDDEN),
    ),
    "notifications:centre": ("get", None, None, signed_in(OK)),
    # The member's own notification: theirs to mark, a 404 to everyone else.
    "notifications:mark_read": (
        "post",
        own_notification,
        None,
        only({"member": REDIRECT}),
    ),
    "notifications:mark_all_read": ("post", None, None, signed_in(REDIRECT)),
    "notifications:preferences": ("post", None, {}, signed_in(REDIRECT)),
    "evaluations:thanks": ("get", None, None, everyone(OK)),
    # An invalid token is a 404 whoever asks.
    "evaluations:public": (
        "get",
        lambda people, committee: {"token": "not-a-real-token"},
        None,
        everyone(NOT_FOUND),
    ),
}


def _area_rows() -> dict:
    """The ``ROWS`` of every ``tests/portal/routes_<area>.py`` module; a name twice is an error."""
    rows: dict = {}
    for info in pkgutil.iter_modules(tests.portal.__path__):
        if info.name.startswith("routes_"):
            module = importlib.import_module(f"tests.portal.{info.name}")
            twice = rows.keys() & module.ROWS.keys()
            assert not twice, f"{info.name}: rows already given elsewhere: {sorted(twice)}"
            rows.update(module.ROWS)
    return rows


MATRIX = {**CORE_ROWS, **_area_rows()}

EXCLUDED_PREFIXES = ("admin/", "i18n/", "api/")


def _walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), namespaces + namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), prefix + str(pattern.pattern)


def project_route_names() -> set[str]:
    return {
        name
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith(EXCLUDED_PREFIXES)
    }


def test_every_route_has_a_row():
    names = project_route_names()
    assert names - MATRIX.keys() == set(), "Add these routes to MATRIX"
    assert MATRIX.keys() - names == set(), "These rows name no route any more"
    for name, (_method, _kwargs, _data, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), f"{name}: an outcome for every role"


def _outcome(response):
    if 300 <= response.status_code < 400:
        login = resolve_url(settings.LOGIN_URL)
        return LOGIN if response.url.split("?")[0] == login else REDIRECT
    return response.status_code


def test_every_route_answers_every_role_as_the_table_says(people, committee):
    cache.clear()  # the public evaluation pages are rate-limited per address

    wrong = []
    for name, (method, kwargs_for, data, expected) in MATRIX.items():
        for role in ROLES:
            kwargs = kwargs_for(people, committee) if kwargs_for else {}
            url = reverse(name, kwargs=kwargs)
            client = Client()
            if role != "anonymous":
                client.force_login(getattr(people, role))
            response = getattr(client, method)(url, data or {})
            got = _outcome(response)
            if got != expected[role]:
                wrong.append(f"{name} as {role}: expected {expected[role]}, got {got}")
    assert wrong == []

"""Every API endpoint × every role: the status code each person gets.

Every method of every endpoint has its own row — reading a member and changing one are two rows
— and one without a row fails ``test_every_endpoint_has_a_row``: whoever adds one decides here
who may use it. Rows live in ``tests/api/endpoints_<area>.py`` (see tests/api/matrix.py).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

import tests.api
from tests.api.matrix import ROLES

pytestmark = pytest.mark.django_db

#: Routes of the API that are not resources: the root listing, the schema and its viewers, the
#: token sign-in (tested in test_auth.py).
NOT_RESOURCES = {
    "api:api-root",
    "api:api_schema",
    "api:api_docs",
    "api:api_redoc",
    "api:api_token",
}


def _rows() -> dict:
    rows: dict = {}
    for info in pkgutil.iter_modules(tests.api.__path__):
        if info.name.startswith("endpoints_"):
            module = importlib.import_module(f"tests.api.{info.name}")
            twice = rows.keys() & module.ROWS.keys()
            assert not twice, f"{info.name}: rows already given elsewhere: {sorted(twice)}"
            rows.update(module.ROWS)
    return rows


MATRIX = _rows()


def _walk(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern.url_patterns, namespaces + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern.callback


def _methods(callback) -> set[str]:
    """The methods a route answers: a viewset route's method → action map, else the view's
    handlers (HEAD and OPTIONS answer with GET and for every route, so they are not rows)."""
    if getattr(callback, "actions", None):
        methods = set(callback.actions) & set(callback.cls.http_method_names)
    else:
        view = callback.view_class
        methods = {m for m in view.http_method_names if hasattr(view, m)}
    return methods - {"head", "options"}


def api_endpoints() -> set[tuple[str, str]]:
    return {
        (name, method)
        for name, callback in _walk(get_resolver().url_patterns)
        if name.startswith("api:") and name not in NOT_RESOURCES
        for method in _methods(callback)
    }


def test_every_endpoint_has_a_row():
    endpoints = api_endpoints()
    assert sorted(endpoints - MATRIX.keys()) == [], "Add these to an endpoints_<area>.py"
    assert sorted(MATRIX.keys() - endpoints) == [], "These rows name no endpoint any more"
    for key, (_kwargs, _data, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), f"{key}: an outcome for every role"


def test_every_endpoint_answers_every_role_as_the_table_says(people, committee):
    cache.clear()  # the throttles count per user and address
    wrong = []
    for (name, method), (kwargs_for, data, expected) in MATRIX.items():
        for role in ROLES:
            kwargs = kwargs_for(people, committee) if kwargs_for else {}
            body = data(people, committee) if callable(data) else data
            client = APIClient()
            if role != "anonymous":
                client.force_authenticate(getattr(people, role))
            response = getattr(client, method)(reverse(name, kwargs=kwargs), body, format="json")
            if response.status_code != expected[role]:
                wrong.append(
                    f"{name} {method} as {role}: expected {expected[role]}, "
                    f"got {response.status_code}"
                )
    assert wrong == [], "\n".join(wrong)

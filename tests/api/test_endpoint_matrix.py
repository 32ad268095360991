"""Every API endpoint × every role: the status code each person gets.

An endpoint without a row fails ``test_every_endpoint_has_a_row``: whoever adds one decides here
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
            yield ":".join((*namespaces, pattern.name))


def api_endpoint_names() -> set[str]:
    return {
        name
        for name in _walk(get_resolver().url_patterns)
        if name.startswith("api:") and name not in NOT_RESOURCES
    }


def test_every_endpoint_has_a_row():
    names = api_endpoint_names()
    assert names - MATRIX.keys() == set(), "Add these endpoints to an endpoints_<area>.py"
    assert MATRIX.keys() - names == set(), "These rows name no endpoint any more"
    for name, (_method, _kwargs, _data, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), f"{name}: an outcome for every role"


def test_every_endpoint_answers_every_role_as_the_table_says(people, committee):
    cache.clear()  # the throttles count per user and address
    wrong = []
    for name, (method, kwargs_for, data, expected) in MATRIX.items():
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
    assert wrong == []

"""``/healthz``: a plain 200 without touching the database, signed in or not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_answers_ok_as_plain_text(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"ok"


def test_runs_no_query_even_with_a_session_cookie(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("probe", password="x"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert list(queries) == []


def test_only_answers_get(client):
    assert client.post("/healthz").status_code == 405

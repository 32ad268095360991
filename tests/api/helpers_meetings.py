"""Shared by the meetings area's API tests: clients per person, query counting, Chinese."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def client_for(user=None) -> APIClient:
    cache.clear()  # the throttles count per user
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


def assert_chinese(messages) -> None:
    text = " ".join(messages) if isinstance(messages, list) else str(messages)
    assert CHINESE.search(text), text

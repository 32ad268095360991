"""Every API list takes as many queries with more rows as with fewer: no list runs a query per row.

Every GET route of the endpoint × role matrix (tests/api/test_endpoint_matrix.py) that is a list
(no ``pk`` in its URL) and gives at least one role a 200 is requested by *every* role that gets
it as JSON (one page of up to 500 rows, so every row is serialized), and by one of them — staff
where staff get it — as the CSV and Excel downloads (``?format=csv|xlsx``, every row). The
downloads serialize the same rows with the same serializer as the JSON, only the renderer
differs, so a query per row that depends on the role already shows in that role's JSON. The
committee's Popolo JSON is a list of the whole committee's people under one committee's URL: it
is counted too.

Counts are compared between "some rows" and "more rows": ``grow()`` (tests/portal/growth.py)
runs once before the first count, so that prefetches that only run when rows exist run in
both, then again before the second. For staff, the second answer must also hold more rows than
the first — else the comparison says nothing — save for the lists named in ``NOT_GROWING``.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.api.matrix import OK
from tests.api.test_endpoint_matrix import MATRIX
from tests.factories.core import CommitteeFactory, StaffUserFactory
from tests.portal.conftest import make_people
from tests.portal.growth import assert_same_counts, grow

#: Lists whose URL names a committee rather than a row of the list itself.
LIST_LIKE = {"api:popolo-detail"}

LISTS = sorted(
    name
    for (name, method), (kwargs_for, _data, expected) in MATRIX.items()
    if method == "get" and OK in expected.values() and (kwargs_for is None or name in LIST_LIKE)
)

#: JSON, and the downloads every list also answers (cppcc/api/renderers.py).
FORMATS = ("json", "csv", "xlsx")
ONLY_JSON = {"api:popolo-detail"}  # its own renderer: JSON only

#: Lists whose staff answer holds no more rows after grow(), and why.
NOT_GROWING = {
    # Staff read their committee and those below it; the matrix's committee is a county
    # committee, the lowest level, under which no committee can sit.
    "api:committee-list": "a county committee has no committees below it",
}


def _formats(name):
    return ("json",) if name in ONLY_JSON else FORMATS


def _url(name, kwargs, fmt):
    url = reverse(name, kwargs=kwargs)
    if name in ONLY_JSON:
        return url
    return f"{url}?format={fmt}" + ("&page_size=500" if fmt == "json" else "")


def _rows(response, fmt) -> int:
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        return len(list(csv.reader(io.StringIO(text)))) - 1  # the heading
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return sum(1 for _row in sheet.iter_rows()) - 1
    data = response.json()
    if isinstance(data, dict) and "count" in data:
        return data["count"]
    if isinstance(data, dict):  # Popolo: persons, organizations, memberships, posts
        return sum(len(value) for value in data.values() if isinstance(value, list))
    return len(data)


def warm(requests) -> None:
    """Make the first request of each list and of each client before anything is counted.

    A list's first request fills per-process caches (content types, the site's settings); a
    client's first request loads its user's permissions. Neither happens again, and reading a
    list writes nothing, so once every list and every client has answered one request the
    counts compare like with like.
    """
    seen = set()
    for request in requests:
        name, client, url = request[0], request[-2], request[-1]
        if name in seen and id(client) in seen:
            continue
        seen.update((name, id(client)))
        cache.clear()
        client.get(url)


def _count(client, url, fmt) -> tuple[int, list[str], int]:
    cache.clear()  # the throttles count per user
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return len(queries), [q["sql"] for q in queries.captured_queries], _rows(response, fmt)


def _requests(people, committee):
    """(list, format, role, client, url): every list as JSON for every role given it, and in
    the download formats for one role (staff where staff get the list)."""
    clients = {}
    for name in LISTS:
        kwargs_for, _data, expected = MATRIX[(name, "get")]
        kwargs = kwargs_for(people, committee) if kwargs_for else {}
        roles = [role for role, outcome in expected.items() if outcome == OK]
        downloading = "staff" if "staff" in roles else roles[0]
        for role in roles:
            if role not in clients:
                clients[role] = APIClient()
                if role != "anonymous":
                    clients[role].force_authenticate(getattr(people, role))
            for fmt in _formats(name) if role == downloading else ("json",):
                yield name, fmt, role, clients[role], _url(name, kwargs, fmt)


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """{(list, format, role): ((queries, sql, rows) with some rows, … with more rows)}.

    Built once for the module, inside a transaction rolled back at the end.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            committee, other_committee = CommitteeFactory(), CommitteeFactory()
            people = make_people(committee, other_committee, StaffUserFactory(committee=committee))
            grow(people, committee)
            requests = list(_requests(people, committee))
            warm(requests)
            some = {(n, f, r): _count(c, u, f) for n, f, r, c, u in requests}
            grow(people, committee)
            more = {(n, f, r): _count(c, u, f) for n, f, r, c, u in requests}
            yield {key: (some[key], more[key]) for key in some}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_the_list_takes_as_many_queries_with_more_rows(name, counts):
    keys = [key for key in counts if key[0] == name]
    assert keys, f"{name}: no role gets the list"
    # Each count also carries the rows returned, which the growth test reads.
    assert_same_counts({key: (counts[key][0][:2], counts[key][1][:2]) for key in keys})


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_staff_see_more_rows_after_growth(name, counts):
    """Else the equal counts above would compare a list with itself."""
    grew = {
        fmt: (counts[key][0][2], counts[key][1][2])
        for key in counts
        if key[0] == name and key[2] == "staff"
        for fmt in [key[1]]
    }
    assert grew, f"{name}: staff do not get the list"
    if name in NOT_GROWING:
        assert all(before == after for before, after in grew.values()), (
            f"{name} grows now: take it out of NOT_GROWING",
            grew,
        )
        return
    assert all(after > before for before, after in grew.values()), grew

"""Every page takes as many queries with more rows as with fewer: no page runs a query per row.

Portal: every GET row of the route × role matrix (tests/portal/test_access_matrix.py) that gives
at least one role the page (200) is requested by *every* role that gets it. The admin: every
registered ModelAdmin's changelist and one object's change page, and the reports under
/admin/reports/, as a superuser of the committee.

Counts are compared between "some rows" and "more rows": ``grow()`` (tests/portal/growth.py)
runs once before the first count, so that prefetches that only run when rows exist run in
both, then again before the second.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Result
from tests.factories.core import CommitteeFactory, StaffUserFactory, UserFactory
from tests.portal.conftest import make_people
from tests.portal.growth import YEAR, assert_same_counts, grow, last_seen_unwritten
from tests.portal.matrix import OK
from tests.portal.test_access_matrix import MATRIX

PAGES = sorted(
    name
    for name, (method, _kwargs, _data, expected) in MATRIX.items()
    if method == "get" and OK in expected.values()
)

#: Admin pages left out, and why.
ADMIN_EXCEPTIONS = {
    # The beat schedule's tables (django_celery_beat's own admin), not committee records.
    "django_celery_beat.ClockedSchedule",
    "django_celery_beat.CrontabSchedule",
    "django_celery_beat.IntervalSchedule",
    "django_celery_beat.PeriodicTask",
    "django_celery_beat.SolarSchedule",
}


def _admin_models():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.label not in ADMIN_EXCEPTIONS
        ),
        key=lambda item: item[0]._meta.label,
    )


ADMIN_LABELS = [model._meta.label for model, _admin in _admin_models()]
ADMIN_REPORTS = ["figures_index", "figures_pdf", "figures_xlsx", "result_report"]


def _admin_url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def _first_change_url(model):
    return lambda: _admin_url(model, "change", model._default_manager.order_by("pk").first().pk)


def _count(client, url) -> tuple[int, list[str]]:
    url = url() if callable(url) else url
    cache.clear()  # rate limits and cached fragments would make the two requests differ
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _portal_requests(people, committee):
    """(page, role, client, url) for every GET page and every role it is shown to."""
    for name in PAGES:
        _method, kwargs_for, _data, expected = MATRIX[name]
        kwargs = kwargs_for(people, committee) if kwargs_for else {}  # once per row
        url = reverse(name, kwargs=kwargs)
        for role, outcome in expected.items():
            if outcome == OK:
                user = None if role == "anonymous" else getattr(people, role)
                yield name, role, _client(user), url


def _admin_requests(committee, superuser):
    client = _client(superuser)
    missing = [m._meta.label for m, _a in _admin_models() if not m._default_manager.exists()]
    assert missing == [], "grow() makes none of these"
    for label in ADMIN_LABELS:
        model = next(m for m, _a in _admin_models() if m._meta.label == label)
        yield label, "changelist", client, _admin_url(model, "changelist")
        # The first object at the time of asking: scored facts are rebuilt by a recompute.
        yield label, "change", client, _first_change_url(model)
    result = Result.objects.filter(committee=committee, year=YEAR).order_by("pk").first()
    for name, url in {
        "figures_index": reverse("reports:figures_index"),
        "figures_pdf": reverse("reports:figures_pdf", args=[committee.pk, YEAR]),
        "figures_xlsx": reverse("reports:figures_xlsx", args=[committee.pk, YEAR]),
        "result_report": reverse("admin:assessment_result_report", args=[result.pk]),
    }.items():
        yield name, "report", client, url


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """{(page, role or admin page kind): (queries with some rows, with more rows)}.

    Built once for the module (growing the data twice per page would take minutes), inside a
    transaction rolled back at the end.
    """
    with django_db_blocker.unblock(), last_seen_unwritten():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            committee, other_committee = CommitteeFactory(), CommitteeFactory()
            people = make_people(committee, other_committee, StaffUserFactory(committee=committee))
            superuser = UserFactory(committee=committee, is_staff=True, is_superuser=True)
            grow(people, committee)
            requests = [
                *_portal_requests(people, committee),
                *_admin_requests(committee, superuser),
            ]
            for _name, _who, client, url in requests:
                # warm: per-process caches, and what a first visit writes (a bulletin read)
                client.get(url() if callable(url) else url)
            some = {(name, who): _count(client, url) for name, who, client, url in requests}
            grow(people, committee)
            more = {(name, who): _count(client, url) for name, who, client, url in requests}
            yield {key: (some[key], more[key]) for key in some}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _assert_same(counts, keys):
    assert_same_counts({key: counts[key] for key in keys})


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_the_page_takes_as_many_queries_with_more_rows(name, counts):
    keys = [key for key in counts if key[0] == name and key[1] not in ("change", "changelist")]
    assert keys, f"{name}: no role gets the page"
    _assert_same(counts, keys)


@pytest.mark.django_db
@pytest.mark.parametrize("label", ADMIN_LABELS)
def test_the_admin_pages_take_as_many_queries_with_more_rows(label, counts):
    _assert_same(counts, [(label, "changelist"), (label, "change")])


@pytest.mark.django_db
@pytest.mark.parametrize("report", ADMIN_REPORTS)
def test_the_admin_reports_take_as_many_queries_with_more_rows(report, counts):
    _assert_same(counts, [(report, "report")])

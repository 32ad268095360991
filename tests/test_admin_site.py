"""The admin site staff live in: every page loads, and each committee stays in its own lane.

The demo data gives every registered model at least one row in the county committee, so walking
the admin over it touches every changelist, add and change page. It is built once per module,
inside a transaction that is rolled back at the end.
"""

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from committees.models import Committee
from cppcc.demo.seed import seed_demo
from members.models import Member
from tests.factories.core import CommitteeFactory, StaffUserFactory

#: Admin pages that are not about committee records (the platform's own tables).
NOT_COMMITTEE_RECORDS = {
    "accounts.User",
    "auth.Group",
    "committees.Committee",
    # API tokens: superusers only (cppcc/admin.py, tests/api/test_auth.py).
    "authtoken.TokenProxy",
    # The sign-in records of django-axes: superusers only; staff unlock their committee's
    # accounts from the user list (tests/security/test_login_lockout.py).
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def model_admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def committee_models():
    return [
        (model, model_admin)
        for model, model_admin in model_admins()
        if model._meta.label not in NOT_COMMITTEE_RECORDS
        and model._meta.app_label != "django_celery_beat"
    ]


def url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def as_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def walk(client, user):
    """GET every changelist, add and change page the user may see; return those not answering 200.

    Every committee record must be viewable and have a row to open; the platform's own tables
    (groups, schedules) are walked where the user may see them and rows exist.
    """
    failures, visited = [], 0
    request = as_request(user)
    required = {model for model, _admin in committee_models()}
    for model, model_admin in model_admins():
        if not model_admin.has_view_permission(request):
            if model in required:
                failures.append((model._meta.label, "no view permission"))
            continue
        pages = [url(model, "changelist")]
        if model_admin.has_add_permission(request):
            pages.append(url(model, "add"))
        obj = model_admin.get_queryset(request).first()
        if obj is not None:
            pages.append(url(model, "change", obj.pk))
        elif model in required:
            failures.append((model._meta.label, "no row to open"))
        for page in pages:
            response = client.get(page)
            visited += 1
            if response.status_code != 200:
                failures.append((page, response.status_code))
    return failures, visited


@pytest.mark.django_db
def test_every_admin_page_loads_for_county_staff(client, demo):
    staff = demo.users["staff"]
    client.force_login(staff)
    failures, visited = walk(client, staff)
    assert failures == []
    # A changelist and a change page for every committee model, plus the add pages staff may use.
    assert visited >= 2 * len(committee_models())


@pytest.mark.django_db
def test_every_admin_page_loads_for_a_superuser(client, demo):
    client.force_login(demo.users["admin"])
    failures, _visited = walk(client, demo.users["admin"])
    assert failures == []


@pytest.mark.django_db
def test_staff_of_another_committee_see_none_of_the_county_records(client, demo):
    outsider = StaffUserFactory(committee=CommitteeFactory(name="政协远山县委员会"))
    client.force_login(outsider)
    everything, theirs = as_request(demo.users["admin"]), as_request(outsider)
    checked = []
    for model, model_admin in committee_models():
        county_obj = model_admin.get_queryset(everything).first()
        assert county_obj is not None, f"the demo has no {model._meta.label}"
        assert not model_admin.get_queryset(theirs).filter(pk=county_obj.pk).exists(), model
        # Pages that look a record up by id (its history) ask the admin directly.
        assert not model_admin.has_view_permission(theirs, county_obj), model
        response = client.get(url(model, "change", county_obj.pk))
        # The admin answers a row outside the user's queryset with "does not exist".
        assert (response.status_code, response.url) == (302, reverse("admin:index")), model
        checked.append(model)
    assert len(checked) == len(committee_models())
    county_page = client.get(url(Committee, "change", demo.county.pk))
    assert county_page.status_code == 302


@pytest.mark.django_db
def test_municipal_staff_read_the_county_below_but_cannot_change_it(client, demo):
    client.force_login(demo.users["city_staff"])
    member = Member.objects.filter(committee=demo.county).first()

    page = client.get(url(Member, "change", member.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # shown read-only

    response = client.post(url(Member, "change", member.pk), {"name": "改名"})
    assert response.status_code == 403
    assert Member.objects.get(pk=member.pk).name == member.name

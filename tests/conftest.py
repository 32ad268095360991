import pytest
from django.conf import settings

from cppcc.celery import app as celery_app
from tests.factories.core import CommitteeFactory, StaffUserFactory


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def other_committee(db):
    return CommitteeFactory()


@pytest.fixture
def staff(committee):
    return StaffUserFactory(committee=committee)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture(autouse=True)
def celery_tasks_in_process(request):
    """Tasks run in-process in tests, so their effects are visible at once; a test marked
    ``real_worker`` sends them through the broker to a real worker instead."""
    celery_app.conf.task_always_eager = request.node.get_closest_marker("real_worker") is None
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER

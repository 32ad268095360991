"""Schemathesis against the published schema: every operation, every check, no server error.

The schema is the one /api/schema/ serves and requests go to the app's WSGI handler in this
thread (so the test's database transaction is seen), and every operation it lists is exercised — the endpoints
added later included, without editing this file. Requests are made as a staff member signed in
with a token, over a committee with a little data (a child committee, members, a proposal …),
and once without credentials, on PostgreSQL. Generation is derandomized with a small, fixed number of examples
per operation, so a run is repeatable and quick (the whole CI has a 30-minute budget).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cppcc.wsgi import application
from tests.factories.core import CommitteeFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.proposals import ProposalFactory, member_of

#: On PostgreSQL only (``make test``'s second pass): the production database is where a server
#: error matters (it refuses what SQLite lets through, a NUL character in text for one), and a
#: second run on SQLite would add six minutes for nothing new.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres_pass]

#: Examples per operation and persona: enough to hit every parameter and error path once or
#: twice, small enough to keep the suite quick as endpoints are added.
MAX_EXAMPLES = 15

load_all_checks()
#: Every check schemathesis has: server errors, status codes, content types, headers, response
#: schemas, invalid data rejected, unsupported methods, ignored auth, resources, and "schema-valid
#: data is accepted" — the last one on reads (any filter, search, ordering or page the schema
#: allows is answered) but not on writes: the schema cannot say which ids exist, which password
#: is right or what the forms' rules are (a meeting's end before its start, a co-signer from
#: another committee), and the API refuses such data with a documented 400 as strictly as the
#: forms do — by design, not a fault.
ALL_CHECKS = list(CHECKS.get_all())
WRITE_CHECKS = [check for check in ALL_CHECKS if check is not positive_data_acceptance]


def checks_for(case) -> list:
    return ALL_CHECKS if case.method.upper() in ("GET", "HEAD") else WRITE_CHECKS


HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def published_schema() -> dict:
    """What /api/schema/ serves, built the way its view builds it. (Fetching it through the app
    at collection time would open a transaction — ATOMIC_REQUESTS — with no database yet.)"""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(published_schema())
schema.app = application  # requests go to the WSGI app in this thread: the test's database


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """Throttles would answer a fast generator with 429s and test nothing else."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/minute"
        ),
    }
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()
    # Django closes "old" connections around each request it handles; the test's connection
    # holds the test's transaction, so keep it open, as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    SimpleRateThrottle.THROTTLE_RATES = original
    cache.clear()


@pytest.fixture
def some_data(committee, staff):
    """A committee with a child, members, a meeting and a proposal: rows for lists and ids."""
    CommitteeFactory(parent=committee, level="county")
    members = [member_of(committee) for _ in range(3)]
    MeetingFactory(committee=committee)
    ProposalFactory(committee=committee, first_proposer=members[0])
    return committee


@pytest.fixture
def staff_token(staff, some_data):
    return Token.objects.create(user=staff).key


@schema.parametrize()
@HYPOTHESIS
def test_the_api_keeps_to_its_schema_for_staff(case, staff_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {staff_token}"}, checks=checks_for(case)
    )


@schema.parametrize()
@HYPOTHESIS
def test_the_api_keeps_to_its_schema_without_credentials(case, some_data):
    case.call_and_validate(checks=checks_for(case))

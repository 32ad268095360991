"""Rate limits: a 429 with Retry-After, counted per person when signed in, per address if not."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from tests.factories.core import StaffUserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def rates(settings):
    """Small rates for the test; DRF's throttles read THROTTLE_RATES when the class is defined,
    so the class attribute is pointed at the overridden setting too."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "3/minute",
            "user": "4/minute",
            "anon_write": "2/minute",
            "token": "2/minute",
        },
    }
    cache.clear()
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    yield
    SimpleRateThrottle.THROTTLE_RATES = original
    cache.clear()


def token_client(user, address="10.0.0.1"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def statuses(client, times, url=None):
    return [client.get(url or reverse("api:committee-list")).status_code for _ in range(times)]


def test_a_signed_in_person_is_limited_per_person_with_retry_after(committee):
    first, second = StaffUserFactory(committee=committee), StaffUserFactory(committee=committee)
    client = token_client(first)
    assert statuses(client, 4) == [200] * 4
    refused = client.get(reverse("api:committee-list"))
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"].startswith("请求已被限流。")
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another person from the same address still has their own allowance.
    assert statuses(token_client(second), 1) == [200]


class OpenView(APIView):
    """What an endpoint open to anonymous people (e.g. handing in a clue) gets: the defaults.

    The endpoints on main all need a person (a 401 comes before any throttle), so the anonymous
    limits are shown on this view, with the project's default throttle classes."""

    permission_classes = [AllowAny]

    def get(self, request):
        return Response({})

    def post(self, request):
        return Response({}, status=201)


def call(method, address):
    request = getattr(APIRequestFactory(), method)("/open/", {}, REMOTE_ADDR=address)
    return OpenView.as_view()(request)


def test_an_anonymous_client_is_limited_per_address():
    assert [call("get", "10.0.0.1").status_code for _ in range(3)] == [200] * 3
    refused = call("get", "10.0.0.1")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert call("get", "10.0.0.2").status_code == 200


def test_the_schema_anyone_may_read_is_limited_per_address_too():
    client = APIClient(REMOTE_ADDR="10.0.0.5")
    assert [client.get("/api/schema/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_limits_start_again_after_the_period(committee, staff):
    import time_machine

    client = token_client(staff)
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False) as traveller:
        assert statuses(client, 5)[-1] == 429
        traveller.shift(61)
        assert statuses(client, 1) == [200]


def test_password_guesses_at_the_token_sign_in_are_limited_per_address(staff):
    guesser = APIClient(REMOTE_ADDR="10.0.0.9")
    guesses = [
        guesser.post(TOKEN_URL, {"username": staff.username, "password": f"guess{n}"}).status_code
        for n in range(3)
    ]
    assert guesses == [400, 400, 429]
    # Even the right password waits now …
    right = {"username": staff.username, "password": "pass-for-tests-only"}
    refused = guesser.post(TOKEN_URL, right)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # … while the person, from their own machine, signs in.
    assert APIClient(REMOTE_ADDR="10.0.0.10").post(TOKEN_URL, right).status_code == 200


def test_anonymous_writes_have_a_stricter_limit_than_reads():
    assert [call("post", "10.0.0.3").status_code for _ in range(3)] == [201, 201, 429]


def test_reads_do_not_use_up_the_write_allowance():
    assert [call("get", "10.0.0.4").status_code for _ in range(2)] == [200, 200]
    assert call("post", "10.0.0.4").status_code == 201


def test_the_write_limit_does_not_apply_to_signed_in_people(committee, staff):
    signed_in = token_client(staff, address="10.0.0.6")
    url = reverse("api:sector-membership-list")  # read-only: refused for every role
    writes = [signed_in.post(url, {}).status_code for _ in range(3)]
    assert writes == [403, 403, 403]  # refused for the role, never throttled at 2

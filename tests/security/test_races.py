"""Races proven on PostgreSQL with real threads, each on its own database connection.

People racing each other are made to collide for certain: the test holds the contended row lock
itself, starts the threads, waits until PostgreSQL reports every one of them waiting for a lock,
then lets go, so they all reach the contended step at the same moment (no sleeps, no luck).

- Staff registering proposals at the same time get serial numbers 1..N: distinct, no gap, also
  when a registration in the crowd fails after taking its number.
- Two moves of one proposal at once (two staff registering it, or one registering while another
  declines): one succeeds, the other is refused as a move the proposal's new state forbids — in
  the service, and through the API as one 200 and one 409 with the Chinese message.
- A form page sent twice at once creates one record; both answers lead to it. An API create
  sent twice at once with one ``Idempotency-Key`` creates one record; both get the same answer.

Marked ``services``: these run in the PostgreSQL pass of ``make test`` and fail (never skip) on
another database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from committees.models import FormSubmission
from committees.submissions import TOKEN_FIELD
from liaison.models import ContactActivity
from meetings.models import StudyNote
from proposals import services
from proposals.models import Proposal, ProposalSerialCounter, ProposalState
from tests.factories.core import CommitteeFactory, StaffUserFactory, UserFactory
from tests.factories.proposals import YEAR, member_of, proposal_in_state

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _on_postgresql():
    assert connection.vendor == "postgresql", "races are proven on PostgreSQL (make test, pass 2)"


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction unless the snapshot is dropped.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(calls: list[Callable], *, hold) -> list:
    """Run each call in its own thread and connection while this thread holds what they contend
    for (``hold``, a context manager); once every thread waits for a lock, let them all go.

    Returns each call's result, or the exception it raised, in the order of ``calls``.
    """
    outcomes: list = [None] * len(calls)
    started = threading.Barrier(len(calls) + 1)

    def run(index: int, call: Callable) -> None:
        translation.activate("zh-hans")  # the active language is per thread
        try:
            started.wait()
            outcomes[index] = call()
        except Exception as error:  # handed to the test, which asserts on it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    with hold:
        for thread in threads:
            thread.start()
        started.wait()
        deadline = time.monotonic() + 20
        while _waiting_for_locks() < len(calls):
            assert time.monotonic() < deadline, f"the threads never met at the lock: {outcomes}"
            time.sleep(0.01)
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    return outcomes


@contextmanager
def row_locked(queryset):
    with transaction.atomic():
        assert list(queryset.select_for_update()), "nothing to hold"
        yield


@contextmanager
def tokens_claimed(user, tokens):
    """Form tokens claimed in an open transaction, as by a first sending still running; the
    claims are given up at the end, so the racing sendings decide between themselves."""
    with transaction.atomic():
        for token in tokens:
            FormSubmission.objects.create(user=user, token=token)
        yield
        transaction.set_rollback(True)


# Serial numbers -------------------------------------------------------------------------------


@pytest.fixture
def committee():
    return CommitteeFactory()


@pytest.fixture
def staff(committee):
    return StaffUserFactory(committee=committee)


def submitted(committee, n: int) -> list[Proposal]:
    return [proposal_in_state(ProposalState.SUBMITTED, committee=committee) for _ in range(n)]


def registering(proposal, by):
    return lambda: services.proposal_register(proposal=proposal, by=by).serial_number


def test_staff_registering_at_once_get_numbers_one_to_n_even_when_one_fails(committee, staff):
    proposals = submitted(committee, 8)
    broken = submitted(committee, 1)[0]
    # A row that no longer passes validation: its registration takes a number, then fails.
    Proposal.objects.filter(pk=broken.pk).update(title="")
    counter = ProposalSerialCounter.objects.create(committee=committee, year=YEAR, last_number=0)
    people = [StaffUserFactory(committee=committee) for _ in range(7)] + [staff]
    calls = [registering(p, by) for p, by in zip(proposals, people, strict=True)]
    calls.insert(4, registering(broken, staff))

    outcomes = race(calls, hold=row_locked(ProposalSerialCounter.objects.filter(pk=counter.pk)))

    failure = outcomes.pop(4)
    assert isinstance(failure, ValidationError) and "title" in failure.message_dict
    assert sorted(outcomes) == list(range(1, 9))
    stored = Proposal.objects.filter(pk__in=[p.pk for p in proposals])
    assert sorted(stored.values_list("serial_number", flat=True)) == list(range(1, 9))
    assert {p.state for p in stored} == {ProposalState.REGISTERED}
    broken.refresh_from_db()
    assert broken.state == ProposalState.SUBMITTED and broken.serial_number is None
    counter.refresh_from_db()
    assert counter.last_number == 8

    # The next year has no counter yet: the first registrations race to create it.
    next_year = [
        proposal_in_state(ProposalState.SUBMITTED, committee=committee, year=YEAR + 1)
        for _ in range(4)
    ]
    outcomes = race(
        [registering(p, staff) for p in next_year],
        hold=row_locked(Proposal.objects.filter(pk__in=[p.pk for p in next_year])),
    )
    assert sorted(outcomes) == [1, 2, 3, 4]
    assert ProposalSerialCounter.objects.get(committee=committee, year=YEAR + 1).last_number == 4


# Two moves of one proposal ----------------------------------------------------------------------

REFUSED = "提案当前状态为“已立案”，不能执行“立案”。"


def test_two_moves_of_one_proposal_at_once_one_happens_the_other_is_refused(committee, staff):
    """Two staff register one proposal; on another, one registers while the other declines."""
    twice, contested = submitted(committee, 2)
    colleague = StaffUserFactory(committee=committee)

    def decline():
        return services.proposal_decline_registration(
            proposal=contested, reason="不属于提案范围", by=colleague
        ).state

    outcomes = race(
        [
            registering(twice, staff),
            registering(twice, colleague),
            registering(contested, staff),
            decline,
        ],
        hold=row_locked(Proposal.objects.filter(pk__in=[twice.pk, contested.pk])),
    )

    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refusals) == 2 and {r.code for r in refusals} == {"illegal_transition"}
    # The same proposal registered twice: one number, and the loser reads why.
    first, second = outcomes[:2]
    won, lost = (first, second) if isinstance(second, ValidationError) else (second, first)
    assert isinstance(won, int) and isinstance(lost, ValidationError)
    assert lost.messages == [REFUSED]
    twice.refresh_from_db()
    contested.refresh_from_db()
    assert twice.state == ProposalState.REGISTERED and twice.serial_number == won
    # Registered or declined, never both.
    if isinstance(outcomes[3], ValidationError):
        assert contested.state == ProposalState.REGISTERED and contested.serial_number
        assert contested.not_registered_reason == ""
    else:
        assert outcomes[3] == ProposalState.NOT_REGISTERED and not isinstance(outcomes[2], int)
        assert contested.state == ProposalState.NOT_REGISTERED and contested.serial_number is None
    numbers = Proposal.objects.filter(committee=committee).values_list("serial_number", flat=True)
    registered = sorted(n for n in numbers if n)
    assert registered == list(range(1, len(registered) + 1))
    counter = ProposalSerialCounter.objects.get(committee=committee, year=YEAR)
    assert counter.last_number == len(registered)


def test_two_staff_registering_through_the_api_get_one_200_and_one_409(committee, staff):
    proposal = submitted(committee, 1)[0]
    colleague = StaffUserFactory(committee=committee)
    url = reverse("api:proposal-register", kwargs={"pk": proposal.pk})

    def post_as(user):
        client = APIClient()
        client.force_authenticate(user)
        return lambda: client.post(url)

    responses = race(
        [post_as(staff), post_as(colleague)],
        hold=row_locked(Proposal.objects.filter(pk=proposal.pk)),
    )

    assert sorted(r.status_code for r in responses) == [200, 409]
    won = next(r for r in responses if r.status_code == 200)
    lost = next(r for r in responses if r.status_code == 409)
    assert won.json()["serial_number"] == 1
    assert lost.json() == {
        "detail": REFUSED,
        "code": "illegal_transition",
    }


# Forms sent twice -----------------------------------------------------------------------------

ALREADY_SENT = "该表单已提交过，只保存了一次。"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_forms_sent_twice_at_once_create_one_record_each(committee):
    """A proposal form and an activity form, each sent twice at the same moment."""
    user = UserFactory(committee=committee)
    member_of(committee, user=user)
    page = _signed_in(user).get(reverse("proposals:create")).content.decode()
    proposal_token = page.split(f'name="{TOKEN_FIELD}" value="')[1].split('"')[0]
    proposal_form = {
        "title": "关于加快乡村公路建设的建议",
        "category": "economic",
        "submitter_kind": "member",
        "session": "十二届三次会议",
        "body": "建议加大投入。",
        TOKEN_FIELD: proposal_token,
    }
    activity_token = "0b7c3f8e-3f6c-4d7a-9a51-2f0d9c1e5a11"
    activity_form = {
        "kind": "visit",
        "title": "走访幸福村困难群众",
        "date": "2024-05-20",
        "contact_point": "",
        "place": "幸福村村委会",
        "people_reached": "25",
        "issues_raised": "4",
        "issues_resolved": "2",
        "summary": "了解饮水安全问题",
        "submit": "1",
        TOKEN_FIELD: activity_token,
    }

    def send(url, data):
        return lambda: _signed_in(user).post(url, data, follow=True)

    responses = race(
        [send(reverse("proposals:create"), proposal_form)] * 2
        + [send(reverse("activities:create"), activity_form)] * 2,
        hold=tokens_claimed(user, [proposal_token, activity_token]),
    )

    proposal = Proposal.objects.get()
    activity = ContactActivity.objects.get()
    assert activity.status == ContactActivity.Status.SUBMITTED
    assert [r.redirect_chain[-1][0] for r in responses] == [
        reverse("proposals:detail", args=[proposal.pk])
    ] * 2 + [reverse("activities:detail", args=[activity.pk])] * 2
    # One of each pair says it was saved, the other that it had been already.
    for pair in (responses[:2], responses[2:]):
        pages = [r.content.decode() for r in pair]
        assert sum(ALREADY_SENT in page for page in pages) == 1
    assert {s.record for s in FormSubmission.objects.all()} == {proposal, activity}


def test_an_api_create_sent_twice_at_once_with_one_key_makes_one_record(committee):
    """A client retrying a create it thinks was lost, while the first is still running."""
    user = UserFactory(committee=committee)
    member_of(committee, user=user)
    key = "5d0c8a4e-1b2f-4c3d-8e9f-0a1b2c3d4e5f"
    note = {"title": "学习心得", "written_on": "2024-04-02", "body": "学习会议精神的体会。"}

    def send():
        client = APIClient()
        client.force_authenticate(user)
        return client.post("/api/v1/study-notes/", note, format="json", HTTP_IDEMPOTENCY_KEY=key)

    responses = race([send, send], hold=tokens_claimed(user, [key]))

    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.headers.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert StudyNote.objects.get().pk == responses[0].json()["id"]

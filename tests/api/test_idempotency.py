"""A signed-in client's create sent again with the same ``Idempotency-Key`` makes one record and
gets the first answer again (a retry after a lost answer); the key with another request is
refused; a refused create claims nothing. (At the same moment, on PostgreSQL:
tests/security/test_races.py.)"""

from __future__ import annotations

import uuid

import pytest

from meetings.models import StudyNote
from members.models import Member
from tests.api.helpers_meetings import assert_chinese, client_for

pytestmark = pytest.mark.django_db

NOTES = "/api/v1/study-notes/"
NOTE = {"title": "学习心得", "written_on": "2024-04-02", "body": "学习全国政协会议精神的体会。"}


def send(user, body, key):
    return client_for(user).post(NOTES, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_create_sent_twice_makes_one_record_and_the_same_answer(people):
    key = str(uuid.uuid4())
    first = send(people.member, NOTE, key)
    again = send(people.member, NOTE, key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert StudyNote.objects.get().pk == first.json()["id"]
    # Without a key, or with a new one, each create makes its record, as before.
    assert send(people.member, NOTE, str(uuid.uuid4())).status_code == 201
    assert client_for(people.member).post(NOTES, NOTE, format="json").status_code == 201
    assert StudyNote.objects.count() == 3


def test_the_key_with_a_different_request_is_refused_in_chinese(people):
    key = str(uuid.uuid4())
    send(people.member, NOTE, key)
    reused = send(people.member, {**NOTE, "title": "另一篇心得"}, key)

    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert_chinese([reused.json()["detail"]])
    assert StudyNote.objects.count() == 1


def test_a_refused_create_claims_nothing_so_the_corrected_one_is_saved(people):
    key = str(uuid.uuid4())
    refused = send(people.member, {**NOTE, "body": ""}, key)
    assert refused.status_code == 400 and StudyNote.objects.count() == 0

    saved = send(people.member, NOTE, key)
    assert saved.status_code == 201
    assert StudyNote.objects.get().member == Member.objects.get(user=people.member)


def test_keys_are_each_persons_own_and_must_be_uuids(people):
    key = str(uuid.uuid4())
    assert send(people.member, NOTE, key).status_code == 201
    assert send(people.other_member, NOTE, key).status_code == 201  # another person's record
    assert StudyNote.objects.count() == 2

    malformed = send(people.member, NOTE, "not-a-uuid")
    assert malformed.status_code == 400
    assert_chinese(malformed.json()["Idempotency-Key"])
    assert StudyNote.objects.count() == 2

"""A create form sent twice saves once (committees.submissions): the page carries a token, the
second sending is shown the record the first made. (At the same moment, on PostgreSQL:
tests/security/test_races.py.)"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import FormSubmission
from committees.submissions import TOKEN_FIELD
from committees.tasks import forget_old_form_submissions
from meetings.models import StudyNote
from proposals.models import Proposal
from tests.factories.core import UserFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db

CREATE = reverse("proposals:create")
ALREADY_SENT = "该表单已提交过，只保存了一次。"


@pytest.fixture
def me(committee):
    user = UserFactory(committee=committee)
    member_of(committee, user=user)
    return user


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


def token_on(html: str) -> str:
    return re.search(rf'name="{TOKEN_FIELD}" value="([0-9a-f-]+)"', html).group(1)


def proposal_form(token, **changes):
    return {
        "title": "关于加快乡村公路建设的建议",
        "category": "economic",
        "submitter_kind": "member",
        "session": "十二届三次会议",
        "body": "建议加大投入。",
        TOKEN_FIELD: token,
        **changes,
    }


def test_a_proposal_form_sent_twice_saves_one_draft_and_shows_it(my_client):
    token = token_on(my_client.get(CREATE).content.decode())

    first = my_client.post(CREATE, proposal_form(token))
    again = my_client.post(CREATE, proposal_form(token), follow=True)

    proposal = Proposal.objects.get()
    assert first.url == reverse("proposals:detail", args=[proposal.pk])
    assert again.redirect_chain == [(first.url, 302)]
    assert ALREADY_SENT in again.content.decode()
    # A new page is a new form: it saves a second draft.
    other = token_on(my_client.get(CREATE).content.decode())
    assert other != token
    my_client.post(CREATE, proposal_form(other, title="关于改善农村供水的建议"))
    assert Proposal.objects.count() == 2


def test_a_refused_sending_keeps_its_token_and_the_corrected_one_saves(my_client):
    token = token_on(my_client.get(CREATE).content.decode())

    refused = my_client.post(CREATE, proposal_form(token, title=""))

    assert refused.status_code == 200 and token_on(refused.content.decode()) == token
    assert not Proposal.objects.exists() and not FormSubmission.objects.exists()
    saved = my_client.post(CREATE, proposal_form(token))
    assert saved.status_code == 302 and Proposal.objects.count() == 1


def test_a_study_note_sent_twice_is_recorded_once(my_client, me):
    url = reverse("my_meetings:note_create")
    token = token_on(my_client.get(url).content.decode())
    data = {"title": "学习心得", "body": "认真学习了会议精神。", "written_on": "2024-03-01"}

    for _ in range(2):
        response = my_client.post(url, {**data, TOKEN_FIELD: token}, follow=True)

    assert StudyNote.objects.filter(member=me.member).count() == 1
    assert response.redirect_chain == [(reverse("portal:duties"), 302)]
    assert ALREADY_SENT in response.content.decode()


def test_the_same_token_from_another_person_is_their_own_form(my_client, client, committee):
    """Tokens are claimed per person: one member's sending never answers another's."""
    token = token_on(my_client.get(CREATE).content.decode())
    my_client.post(CREATE, proposal_form(token))
    someone = UserFactory(committee=committee)
    member_of(committee, user=someone)
    client.force_login(someone)

    client.post(CREATE, proposal_form(token))

    assert Proposal.objects.count() == 2


def test_claims_a_week_old_are_forgotten_by_the_nightly_task(me):
    now = timezone.now()
    old = FormSubmission.objects.create(user=me, token=uuid.uuid4())
    FormSubmission.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=8))
    recent = FormSubmission.objects.create(user=me, token=uuid.uuid4())

    assert forget_old_form_submissions.delay().get() == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert forget_old_form_submissions.delay().get() == 0

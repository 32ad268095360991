"""The public's forms (a proposal clue, a one-time evaluation), a liaison-group leader's (an
activity with its participants, the work plan, the year-end report) and a handling unit's
reply, fed with bad input: refused in Chinese with nothing written, or saved as read."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from evaluations import services as evaluation_services
from evaluations.forms import PublicRatingForm
from evaluations.models import PublicRating
from liaison.group_forms import GroupActivityForm, WorkPlanForm, YearEndReportForm
from liaison.models import ContactActivity, WorkPlan, YearEndReport
from members.models import Member
from proposals.forms import ReplyForm
from proposals.models import ProposalAssignment, ProposalClue
from proposals.public_forms import PublicClueForm
from tests.factories.core import UserFactory
from tests.factories.liaison import (
    ContactPointFactory,
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)
from tests.factories.proposals import HandlingUnitUserFactory, member_of, proposal_assigned_to

from .harness import BOTH, REFUSED, as_form_data, post_form
from .strategies import BAD_INPUT, any_date, any_id, any_number, any_text, form_posts

pytestmark = pytest.mark.django_db


def _cleaned(form) -> dict:
    assert form.is_valid(), form.errors
    return form.cleaned_data


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The public forms' per-address limits would refuse every example after the fifth."""
    settings.PUBLIC_CLUE_RATE_LIMIT = settings.PUBLIC_EVALUATION_RATE_LIMIT = 10**6


def test_the_public_clue_form_saves_a_clue_or_nothing(client, committee):
    fields = {
        "committee": (str(committee.pk), any_id),
        "title": ("在菜市场附近增设公交站", any_text),
        "content": ("老人买菜不方便，建议增设站点。", any_text),
        "contact_name": ("张三", any_text),
        "contact_phone": ("0710-1234567", any_text),
        "contact_email": ("zhang@example.com", any_text),
    }
    seen = set()

    @BAD_INPUT
    @given(data=form_posts(fields))
    def check(data):
        def saved(delta):
            clue = ProposalClue.objects.latest("pk")
            cleaned = _cleaned(PublicClueForm(as_form_data(data)))
            for name in ("committee", "title", "content", "contact_name", "contact_phone"):
                assert getattr(clue, name) == cleaned[name], name
            assert clue.contact_email == cleaned["contact_email"]

        seen.add(post_form(client, reverse("clues:submit"), data, saved=saved))

    check()
    assert seen == BOTH


@pytest.fixture
def group(committee):
    return LiaisonGroupFactory(committee=committee)


def test_a_public_evaluation_saves_one_rating_or_nothing(client, committee, group):
    seen = set()

    @BAD_INPUT
    @given(
        data=form_posts(
            {"stars": ("4", st.one_of(any_number, any_text)), "comment": ("好", any_text)}
        )
    )
    def check(data):
        _invitation, token = evaluation_services.public_invitation_issue(
            committee=committee,
            year=timezone.localdate().year,
            group=group,
            label="村民代表",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )

        form = PublicRatingForm(as_form_data(data))
        # Ratings are stored in no particular order (they must not point back at the link).
        alike = (
            PublicRating.objects.filter(
                stars=form.cleaned_data.get("stars"), comment=form.cleaned_data.get("comment")
            )
            if form.is_valid()
            else PublicRating.objects.none()
        )
        before = alike.count()

        def saved(delta):
            assert form.is_valid(), form.errors
            assert alike.count() == before + 1
            assert delta[PublicRating._meta.db_table] == 1

        url = reverse("evaluations:public", args=[token])
        seen.add(post_form(client, url, data, saved=saved))

    check()
    assert seen == BOTH


@pytest.fixture
def leader_client(client, committee, group):
    leader = member_of(committee, user=UserFactory(committee=committee))
    LeaderMembershipFactory(group=group, member=leader)
    client.force_login(leader.user)
    return client


def test_a_group_activity_is_saved_with_its_participants_or_not_at_all(
    leader_client, committee, group
):
    colleague = LiaisonGroupMembershipFactory(group=group).member
    point = ContactPointFactory(committee=committee)
    fields = {
        "kind": ("visit", any_text),
        "title": ("联络组走访企业", any_text),
        "date": ((timezone.localdate() - datetime.timedelta(days=2)).isoformat(), any_date),
        "contact_point": (str(point.pk), any_id),
        "place": ("工业园区", any_text),
        "participants": (str(colleague.pk), any_id),
        "people_reached": ("30", any_number),
        "issues_raised": ("3", any_number),
        "issues_resolved": ("1", any_number),
        "summary": ("了解企业用工难题", any_text),
        "action": ("submit", any_text),
    }
    seen = set()

    @BAD_INPUT
    @given(data=form_posts(fields))
    def check(data):
        def saved(delta):
            activity = ContactActivity.objects.latest("pk")
            form = GroupActivityForm(
                as_form_data(data),
                committee=committee,
                members=Member.objects.all(),
                submitting=data.get("action") == "submit",
            )
            cleaned = _cleaned(form)
            for name, value in cleaned.items():
                if name != "participants":
                    assert getattr(activity, name) == value, name
            assert set(activity.members.all()) == set(cleaned["participants"])
            assert activity.liaison_group == group

        url = reverse("group_work:activity_new", args=[group.pk])
        seen.add(post_form(leader_client, url, data, saved=saved))

    check()
    assert seen == BOTH


@pytest.mark.parametrize(
    ("name", "model", "form_class", "fields"),
    [
        ("group_work:work_plan", WorkPlan, WorkPlanForm, WorkPlanForm.Meta.fields),
        ("group_work:year_end_report", YearEndReport, YearEndReportForm, ["body", "highlights"]),
    ],
)
def test_a_group_document_is_saved_as_written_or_left_as_it_was(
    leader_client, group, name, model, form_class, fields
):
    year = timezone.localdate().year
    url = reverse(name, args=[group.pk, year])
    seen = set()

    @BAD_INPUT
    @given(
        data=form_posts(
            {f: ("按季度开展走访", any_text) for f in fields}
            | {"action": (st.sampled_from(["save", "submit"]), any_text)}
        )
    )
    def check(data):
        before = model.objects.filter(group=group, year=year).first()

        def saved(delta):
            document = model.objects.get(group=group, year=year)
            form = form_class(
                as_form_data(data), instance=before, submitting=data.get("action") == "submit"
            )
            cleaned = _cleaned(form)
            for field in fields:
                assert getattr(document, field) == cleaned[field], field

        outcome = post_form(leader_client, url, data, saved=saved, creates=False)
        seen.add(outcome)
        after = model.objects.filter(group=group, year=year).first()
        if outcome == REFUSED and before is not None:
            assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]

    check()
    assert seen == BOTH


def test_a_units_reply_is_sent_or_nothing_is(client, committee):
    unit_user = HandlingUnitUserFactory(unit__committee=committee)
    proposal = proposal_assigned_to(unit_user.unit)
    assignment = ProposalAssignment.objects.get(proposal=proposal)
    client.force_login(unit_user.user)
    fields = {
        "reply_category": ("A", any_text),
        "reply_body": ("已采纳，正在落实。", any_text),
        "reply_signer": ("李局长", any_text),
        "replied_on": (timezone.localdate().isoformat(), any_date),
    }
    seen = set()

    @BAD_INPUT
    @given(data=form_posts(fields))
    def check(data):
        def saved(delta):
            assignment.refresh_from_db()
            cleaned = _cleaned(ReplyForm(as_form_data(data), assignment=assignment))
            assert assignment.reply_body == cleaned["reply_body"]
            assert assignment.reply_signer == cleaned["reply_signer"]
            assert assignment.replied_on == cleaned["replied_on"]
            assert assignment.reply_category == cleaned["reply_category"]

        url = reverse("proposals:reply", args=[assignment.pk])
        seen.add(post_form(client, url, data, saved=saved, creates=False))

    check()
    assert seen == BOTH

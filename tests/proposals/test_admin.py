"""The back office staff work proposals in: lists, edit pages, bulk steps with their forms."""

import datetime

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals.models import (
    HandlingUnit,
    Proposal,
    ProposalAssignment,
    ProposalClue,
    ProposalCoSigner,
    ProposalState,
    SocialReport,
)
from tests.factories.core import CommitteeFactory, StaffUserFactory
from tests.factories.proposals import (
    HandlingUnitFactory,
    ProposalAssignmentFactory,
    ProposalClueFactory,
    member_of,
    proposal_in_state,
    social_report_in_state,
    term_of,
)

pytestmark = pytest.mark.django_db
S = ProposalState


def url(model, view, *args):
    return reverse(f"admin:proposals_{model._meta.model_name}_{view}", args=args)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_data(response, **changes) -> dict:
    """What the change (or add) page would post back, with ``changes`` applied."""
    data = {}

    def put(key, value):
        if value is None:
            return
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        put(name, form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            put(management.add_prefix(name), management[name].value())
        for subform in inline.formset.forms:
            for name in subform.fields:
                put(subform.add_prefix(name), subform[name].value())
    data.update(changes)
    data["_save"] = "1"
    return data


def act(client, model, action, objects, **extra):
    return client.post(
        url(model, "changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra},
    )


def proposals(staff, *states, **kwargs):
    return [
        proposal_in_state(state, staff=staff, committee=staff.committee, **kwargs)
        for state in states
    ]


@pytest.mark.parametrize(
    "model", [Proposal, ProposalAssignment, ProposalCoSigner, HandlingUnit, SocialReport]
)
def test_a_changelist_costs_the_same_with_more_rows(staff, staff_client, model):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url(model, "changelist")).status_code == 200
        return len(queries)

    proposals(staff, S.ANSWERED, submitter_kind="joint")
    social_report_in_state("adopted", staff=staff, committee=staff.committee)
    few = count_queries()
    proposals(staff, S.ANSWERED, S.ASSIGNED, S.ASSIGNED, submitter_kind="joint")
    social_report_in_state("adopted", staff=staff, committee=staff.committee, authors=3)
    assert count_queries() == few


def test_registering_numbers_in_order_of_submission_and_reports_each_refusal(staff, staff_client):
    first, draft, second = proposals(staff, S.SUBMITTED, S.DRAFT, S.SUBMITTED)
    response = act(staff_client, Proposal, "register_selected", [second, draft, first])
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.serial_number, second.serial_number) == (1, 2)
    notes = messages_of(response)
    assert any(draft.title in note and "草稿" in note for note in notes)
    assert Proposal.objects.get(pk=draft.pk).state == S.DRAFT


def test_assigning_asks_for_units_and_a_deadline(staff, staff_client):
    registered, submitted = proposals(staff, S.REGISTERED, S.SUBMITTED)
    lead = HandlingUnitFactory(committee=staff.committee, name="县教育局")
    co = HandlingUnitFactory(committee=staff.committee, name="县财政局")
    HandlingUnitFactory(name="别县的局")  # not offered

    page = act(staff_client, Proposal, "assign_units", [registered, submitted])
    assert page.status_code == 200
    offered = set(page.context["form"].fields["lead_unit"].queryset)
    assert offered == {lead, co}

    deadline = timezone.localdate() + datetime.timedelta(days=90)
    response = act(
        staff_client,
        Proposal,
        "assign_units",
        [registered, submitted],
        apply="1",
        lead_unit=lead.pk,
        co_units=[co.pk],
        deadline=deadline.isoformat(),
    )
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.state == S.ASSIGNED
    assert set(registered.assignments.values_list("unit", "role", "deadline")) == {
        (lead.pk, "lead", deadline),
        (co.pk, "co", deadline),
    }
    assert Proposal.objects.get(pk=submitted.pk).state == S.SUBMITTED
    assert any(submitted.title in note for note in messages_of(response))


def test_an_incomplete_action_form_is_shown_again(staff, staff_client):
    (registered,) = proposals(staff, S.REGISTERED)
    lead = HandlingUnitFactory(committee=staff.committee)
    response = act(
        staff_client, Proposal, "assign_units", [registered], apply="1", lead_unit=lead.pk
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert Proposal.objects.get(pk=registered.pk).state == S.REGISTERED


def test_declining_registration_with_a_reason_and_conversion(staff, staff_client):
    (proposal,) = proposals(staff, S.SUBMITTED)
    act(
        staff_client,
        Proposal,
        "decline_registration",
        [proposal],
        apply="1",
        reason="更宜作为社情民意信息报送",
        conversion="social_report",
    )
    proposal.refresh_from_db()
    assert proposal.state == S.NOT_REGISTERED
    assert proposal.converted_report.authors.get() == proposal.first_proposer


def test_marking_key_and_excellent_and_closing(staff, staff_client):
    evaluated, submitted = proposals(staff, S.EVALUATED, S.SUBMITTED)
    act(
        staff_client,
        Proposal,
        "mark_key",
        [evaluated, submitted],
        apply="1",
        supervising_leader="县政协主席 王某",
    )
    act(staff_client, Proposal, "mark_excellent", [evaluated])
    act(staff_client, Proposal, "close_selected", [evaluated])
    evaluated.refresh_from_db()
    assert (evaluated.is_key, evaluated.is_excellent, evaluated.state) == (True, True, S.CLOSED)
    assert not Proposal.objects.get(pk=submitted.pk).is_key


def test_staff_enter_a_joint_proposal_with_its_cosigners(staff, staff_client):
    proposer, signed, invited = (member_of(staff.committee) for _ in range(3))
    page = staff_client.get(url(Proposal, "add"))
    data = form_data(
        page,
        term=term_of(staff.committee).pk,
        year="2024",
        title="关于规范校外培训的建议",
        body="……",
        category="cultural",
        submitter_kind="joint",
        first_proposer=proposer.pk,
        **{
            "cosigners-TOTAL_FORMS": "2",
            "cosigners-0-member": signed.pk,
            "cosigners-0-status": "confirmed",
            "cosigners-1-member": invited.pk,
            "cosigners-1-status": "invited",
        },
    )
    response = staff_client.post(url(Proposal, "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    proposal = Proposal.objects.get()
    assert (proposal.committee, proposal.created_by, proposal.state) == (
        staff.committee,
        staff,
        S.DRAFT,
    )
    assert dict(proposal.cosigners.values_list("member", "status")) == {
        signed.pk: "confirmed",
        invited.pk: "invited",
    }


def test_the_form_refuses_cosigners_on_a_single_member_proposal(staff, staff_client):
    (proposal,) = proposals(staff, S.DRAFT)
    page = staff_client.get(url(Proposal, "change", proposal.pk))
    data = form_data(
        page,
        **{
            "cosigners-TOTAL_FORMS": "1",
            "cosigners-0-member": member_of(staff.committee).pk,
            "cosigners-0-status": "invited",
        },
    )
    response = staff_client.post(url(Proposal, "change", proposal.pk), data)
    assert response.status_code == 200
    assert not proposal.cosigners.exists()


def test_after_submission_staff_correct_the_text_but_the_submitter_is_fixed(staff, staff_client):
    (proposal,) = proposals(staff, S.REGISTERED)
    page = staff_client.get(url(Proposal, "change", proposal.pk))
    assert "first_proposer" not in page.context["adminform"].form.fields
    response = staff_client.post(
        url(Proposal, "change", proposal.pk), form_data(page, title="规范后的标题")
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.state) == ("规范后的标题", S.REGISTERED)
    assert proposal.history.first().history_user == staff


def test_staff_enter_a_units_reply_received_on_paper(staff, staff_client):
    (proposal,) = proposals(staff, S.ASSIGNED)
    lead = proposal.assignments.get(role="lead")
    page = staff_client.get(url(ProposalAssignment, "change", lead.pk))
    refused = staff_client.post(
        url(ProposalAssignment, "change", lead.pk),
        form_data(page, replied_on=timezone.localdate().isoformat(), reply_body="已解决"),
    )
    assert refused.status_code == 200
    assert "reply_category" in refused.context["adminform"].form.errors
    response = staff_client.post(
        url(ProposalAssignment, "change", lead.pk),
        form_data(
            page,
            replied_on=timezone.localdate().isoformat(),
            reply_body="已解决",
            reply_category="A",
            reply_signer="局长 赵某",
        ),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answer_category) == (S.ANSWERED, "A")


def test_a_look_back_is_added_on_the_proposal_page(staff, staff_client):
    (proposal,) = proposals(staff, S.EVALUATED, answer_category="B")
    page = staff_client.get(url(Proposal, "change", proposal.pk))
    data = form_data(
        page,
        **{
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-kind": "look_back",
            "follow_ups-0-followed_on": timezone.localdate().isoformat(),
            "follow_ups-0-progress": "in_progress",
            "follow_ups-0-summary": "已完成立项",
        },
    )
    response = staff_client.post(url(Proposal, "change", proposal.pk), data)
    assert response.status_code == 302
    assert proposal.follow_ups.get().recorded_by == staff


def test_a_look_back_on_an_a_answer_is_refused_on_the_form(staff, staff_client):
    (proposal,) = proposals(staff, S.EVALUATED, answer_category="A")
    page = staff_client.get(url(Proposal, "change", proposal.pk))
    data = form_data(
        page,
        **{
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-kind": "look_back",
            "follow_ups-0-followed_on": timezone.localdate().isoformat(),
            "follow_ups-0-progress": "in_progress",
            "follow_ups-0-summary": "x",
        },
    )
    response = staff_client.post(url(Proposal, "change", proposal.pk), data)
    assert response.status_code == 200
    assert not proposal.follow_ups.exists()


def test_report_steps_from_the_list(staff, staff_client):
    report = social_report_in_state("submitted", staff=staff, committee=staff.committee)
    act(staff_client, SocialReport, "adopt_selected", [report], apply="1", issue="第5期")
    act(
        staff_client,
        SocialReport,
        "forward_selected",
        [report],
        apply="1",
        forwarded_to="市政协",
        forwarded_on=timezone.localdate().isoformat(),
    )
    report.refresh_from_db()
    assert (report.state, report.adopted_issue, report.forwarded_to) == (
        "adopted",
        "第5期",
        "市政协",
    )


def test_staff_write_a_report_and_list_its_authors(staff, staff_client):
    author = member_of(staff.committee)
    page = staff_client.get(url(SocialReport, "add"))
    data = form_data(
        page,
        year="2024",
        title="关于菜市场改造的群众意见",
        body="……",
        **{"authorships-TOTAL_FORMS": "1", "authorships-0-member": author.pk},
    )
    response = staff_client.post(url(SocialReport, "add"), data)
    assert response.status_code == 302
    report = SocialReport.objects.get()
    assert list(report.authors.all()) == [author]


def test_a_clue_typed_in_from_a_letter_is_referred_to_a_member(staff, staff_client):
    page = staff_client.get(url(ProposalClue, "add"))
    response = staff_client.post(
        url(ProposalClue, "add"),
        form_data(page, channel="letter", title="路灯不亮", content="某路段路灯长期损坏"),
    )
    assert response.status_code == 302
    clue = ProposalClue.objects.get()
    member = member_of(staff.committee)
    act(staff_client, ProposalClue, "refer_to_member", [clue], apply="1", member=member.pk)
    clue.refresh_from_db()
    assert (clue.status, clue.referred_member) == ("referred", member)


def test_staff_of_another_committee_see_nothing(staff, client):
    (proposal,) = proposals(staff, S.ASSIGNED)
    clue = ProposalClueFactory(committee=staff.committee)
    outsider = StaffUserFactory()
    client.force_login(outsider)
    listing = client.get(url(Proposal, "changelist"))
    assert list(listing.context["cl"].queryset) == []
    assert client.get(url(Proposal, "change", proposal.pk)).status_code == 302
    assert client.get(url(ProposalClue, "change", clue.pk)).status_code == 302
    assert client.get(url(Proposal, "history", proposal.pk)).status_code in (302, 403)
    act(client, Proposal, "close_selected", [proposal])
    assert Proposal.objects.get(pk=proposal.pk).state == S.ASSIGNED


def test_the_history_of_a_proposal_is_readable(staff, staff_client):
    (proposal,) = proposals(staff, S.CLOSED)
    response = staff_client.get(url(Proposal, "history", proposal.pk))
    assert response.status_code == 200
    assert proposal.history.count() >= 6


def test_referring_a_clue_searches_members_of_the_own_committee_only(staff, staff_client):
    clue = ProposalClueFactory(committee=staff.committee)
    page = act(staff_client, ProposalClue, "refer_to_member", [clue])
    assert page.status_code == 200
    assert b"admin-autocomplete" in page.content
    ours = member_of(staff.committee, name="李晓梅")
    member_of(CommitteeFactory(), name="李晓兰")
    found = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "李晓",
            "app_label": "proposals",
            "model_name": "proposalclue",
            "field_name": "referred_member",
        },
    )
    assert [r["id"] for r in found.json()["results"]] == [str(ours.pk)]


def test_a_new_proposal_starts_in_this_year_and_the_current_term(staff, staff_client):
    term = term_of(staff.committee)
    with time_machine.travel(datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)):
        page = staff_client.get(url(Proposal, "add"))
    form = page.context["adminform"].form
    assert (form.initial["year"], form.initial["term"]) == (2024, term.pk)


def unit_choices(listing):
    """The handling units the list's unit filter offers (their names)."""
    spec = next(
        spec
        for spec in listing.context["cl"].filter_specs
        if getattr(spec, "field_path", "") == "assignments__unit"
    )
    return {name for _pk, name in spec.lookup_choices}


def test_the_unit_filter_offers_one_committees_units_and_finds_their_proposals(client):
    city = CommitteeFactory(name="政协某市委员会", level="municipal")
    county = CommitteeFactory(name="政协某县委员会", parent=city)
    city_staff = StaffUserFactory(committee=city)
    ours = proposal_in_state(S.ASSIGNED, committee=city)
    other = proposal_in_state(S.ASSIGNED, committee=city)
    below = proposal_in_state(S.ASSIGNED, committee=county)
    city_units = set(HandlingUnit.objects.filter(committee=city).values_list("name", flat=True))
    county_units = set(HandlingUnit.objects.filter(committee=county).values_list("name", flat=True))
    client.force_login(city_staff)

    # The whole tree is listed, but the filter offers the city's own units, not the county's.
    listing = client.get(url(Proposal, "changelist"))
    assert set(listing.context["cl"].result_list) == {ours, other, below}
    assert unit_choices(listing) == city_units
    assert "show_full_result_count" not in listing.content.decode()

    # Narrowed to the county, it offers the county's units.
    county_list = client.get(url(Proposal, "changelist"), {"committee__id__exact": county.pk})
    assert unit_choices(county_list) == county_units

    # Picking a unit lists the proposals assigned to it, once each (here in two rounds).
    lead = ours.assignments.get(role="lead").unit
    ProposalAssignmentFactory(proposal=ours, unit=lead, round=2)
    picked = client.get(url(Proposal, "changelist"), {"assignments__unit__id__exact": lead.pk})
    assert list(picked.context["cl"].result_list) == [ours]
    assert lead.name in picked.content.decode()

    # A committee the staff member may not read is not offered through the parameter.
    stranger = proposal_in_state(S.ASSIGNED)
    sneaky = client.get(
        url(Proposal, "changelist"), {"committee__id__exact": stranger.committee_id}
    )
    assert not unit_choices(sneaky) & set(
        HandlingUnit.objects.filter(committee=stranger.committee).values_list("name", flat=True)
    )


def test_the_list_leaves_the_long_texts_out_until_a_proposal_is_opened(staff, staff_client):
    (proposal,) = proposals(staff, S.SUBMITTED)
    listing = staff_client.get(url(Proposal, "changelist"))
    (row,) = listing.context["cl"].result_list
    assert "body" in row.get_deferred_fields()
    page = staff_client.get(url(Proposal, "change", proposal.pk))
    assert proposal.body in page.content.decode()

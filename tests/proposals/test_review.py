"""Registering proposals with serial numbers, declining and converting, key and excellent ones."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from proposals import services
from proposals.models import (
    Proposal,
    ProposalSerialCounter,
    ProposalState,
    SocialReport,
    SocialReportState,
)
from tests.factories.proposals import member_of, proposal_in_state

pytestmark = pytest.mark.django_db
S = ProposalState


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def submitted(staff, **kwargs):
    return proposal_in_state(S.SUBMITTED, staff=staff, committee=staff.committee, **kwargs)


def test_serial_numbers_run_without_gaps_even_when_a_registration_is_refused(staff):
    first, draft, second = (
        submitted(staff),
        proposal_in_state(S.DRAFT, committee=staff.committee),
        submitted(staff),
    )
    services.proposal_register(proposal=first, by=staff)
    with pytest.raises(ValidationError):
        services.proposal_register(proposal=draft, by=staff)
    services.proposal_register(proposal=second, by=staff)
    numbers = list(
        Proposal.objects.filter(serial_number__isnull=False)
        .order_by("serial_number")
        .values_list("serial_number", flat=True)
    )
    assert numbers == [1, 2]
    assert ProposalSerialCounter.objects.get(committee=staff.committee, year=2024).last_number == 2


def test_each_year_starts_again_at_one(staff):
    services.proposal_register(proposal=submitted(staff), by=staff)
    next_year = submitted(staff, year=2025)
    services.proposal_register(proposal=next_year, by=staff)
    next_year.refresh_from_db()
    assert next_year.serial_label == "2025-0001"


def test_numbering_continues_after_numbers_entered_before_the_counter_existed(staff):
    imported = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    ProposalSerialCounter.objects.all().delete()
    Proposal.objects.filter(pk=imported.pk).update(serial_number=40)
    later = submitted(staff)
    services.proposal_register(proposal=later, by=staff)
    later.refresh_from_db()
    assert later.serial_number == 41


def test_the_counter_row_is_locked_while_numbering(staff):
    proposal = submitted(staff)
    with CaptureQueriesContext(connection) as queries:
        services.proposal_register(proposal=proposal, by=staff)
    counter_reads = [q["sql"] for q in queries if "proposalserialcounter" in q["sql"].lower()]
    assert counter_reads
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in sql for sql in counter_reads)


def test_declining_registration_records_the_reason(staff):
    proposal = submitted(staff)
    with pytest.raises(ValidationError, match="Say why"):
        services.proposal_decline_registration(proposal=proposal, reason="", by=staff)
    services.proposal_decline_registration(
        proposal=proposal, reason="属于信访事项", conversion="opinion", by=staff
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.conversion) == (S.NOT_REGISTERED, "opinion")
    assert proposal.reviewed_by == staff
    assert not SocialReport.objects.exists()


def test_converting_to_a_report_keeps_the_authors_who_signed(staff):
    proposal = proposal_in_state(
        S.DRAFT, staff=staff, committee=staff.committee, submitter_kind="joint"
    )
    confirmed, declined = member_of(staff.committee), member_of(staff.committee)
    for member, accept in [(confirmed, True), (declined, False)]:
        cosigner = services.proposal_cosigner_invite(proposal=proposal, member=member, by=staff)
        services.proposal_cosigner_respond(cosigner=cosigner, accept=accept, by=staff)
    services.proposal_submit(proposal=proposal, by=staff)

    services.proposal_decline_registration(
        proposal=proposal, reason="更适合以社情民意反映", conversion="social_report", by=staff
    )
    report = SocialReport.objects.get(converted_from=proposal)
    assert report.state == SocialReportState.SUBMITTED
    assert (report.title, report.body, report.year) == (proposal.title, proposal.body, 2024)
    authors = list(report.authorships.order_by("order").values_list("member", "order"))
    assert authors == [(proposal.first_proposer_id, 1), (confirmed.pk, 2)]
    assert Proposal.objects.get(pk=proposal.pk).converted_report == report


def test_an_unknown_conversion_is_refused(staff):
    proposal = submitted(staff)
    with pytest.raises(ValidationError, match="Unknown conversion"):
        services.proposal_decline_registration(
            proposal=proposal, reason="x", conversion="poem", by=staff
        )
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_a_key_proposal_is_registered_and_names_its_leader(staff):
    with pytest.raises(ValidationError, match="Only a registered proposal"):
        services.proposal_mark_key(
            proposal=submitted(staff), supervising_leader="张副县长", by=staff
        )
    proposal = proposal_in_state(S.ASSIGNED, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="Name the supervising leader"):
        services.proposal_mark_key(proposal=proposal, supervising_leader=" ", by=staff)
    services.proposal_mark_key(proposal=proposal, supervising_leader="张副县长", by=staff)
    proposal.refresh_from_db()
    assert (proposal.is_key, proposal.supervising_leader) == (True, "张副县长")
    services.proposal_unmark_key(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert (proposal.is_key, proposal.supervising_leader) == (False, "")


def test_an_excellent_proposal_was_registered(staff):
    with pytest.raises(ValidationError, match="Only a registered proposal"):
        services.proposal_mark_excellent(proposal=submitted(staff), by=staff)
    proposal = proposal_in_state(S.CLOSED, staff=staff, committee=staff.committee)
    services.proposal_mark_excellent(proposal=proposal, by=staff)
    assert Proposal.objects.get(pk=proposal.pk).is_excellent


def test_the_history_names_who_acted_even_outside_a_request(staff):
    proposal = submitted(staff)
    services.proposal_register(proposal=proposal, by=staff)
    latest = proposal.history.first()
    assert (latest.state, latest.history_user) == (S.REGISTERED, staff)

"""Database rules on co-signers, assignments, follow-ups, units, reports and clues."""

import contextlib
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from proposals.models import (
    HandlingUnit,
    HandlingUnitUser,
    Proposal,
    ProposalAssignment,
    ProposalClue,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalSerialCounter,
    ProposalState,
    SocialReport,
    SocialReportAuthor,
    SocialReportInstruction,
    SocialReportState,
)
from tests.factories.core import MemberFactory, UserFactory
from tests.factories.proposals import (
    HandlingUnitFactory,
    HandlingUnitUserFactory,
    ProposalAssignmentFactory,
    ProposalClueFactory,
    ProposalCoSignerFactory,
    ProposalFactory,
    ProposalFollowUpFactory,
    ProposalSerialCounterFactory,
    SocialReportAuthorFactory,
    SocialReportFactory,
    SocialReportInstructionFactory,
    clue_in_state,
    proposal_in_state,
    social_report_in_state,
)

TODAY = datetime.date(2024, 5, 6)


@contextlib.contextmanager
def refused(match: str):
    """The block must fail with an IntegrityError inside its own savepoint."""
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        yield


# --- co-signers --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_cosigns_a_proposal_only_once():
    cosigner = ProposalCoSignerFactory()
    with refused("proposal_cosigner_unique|proposal_id, proposals_proposalcosigner.member_id"):
        ProposalCoSigner.objects.create(proposal=cosigner.proposal, member=cosigner.member)


@pytest.mark.django_db
def test_a_cosigner_from_another_committee_is_refused_by_the_guard_trigger():
    proposal = ProposalFactory(submitter_kind="joint")
    with refused("cross_committee_reference"):
        ProposalCoSigner.objects.create(proposal=proposal, member=MemberFactory())


@pytest.mark.django_db
def test_the_first_proposer_cannot_cosign_their_own_proposal():
    proposal = ProposalFactory(submitter_kind="joint")
    with refused("cosigner_is_first_proposer"):
        ProposalCoSigner.objects.create(proposal=proposal, member=proposal.first_proposer)


@pytest.mark.django_db
def test_a_cosigner_cannot_be_made_the_first_proposer_behind_their_back():
    cosigner = ProposalCoSignerFactory()
    with refused("cosigner_is_first_proposer"):
        Proposal.objects.filter(pk=cosigner.proposal_id).update(first_proposer=cosigner.member)


@pytest.mark.django_db
def test_an_existing_cosigner_row_cannot_be_turned_into_the_first_proposer():
    cosigner = ProposalCoSignerFactory()
    with refused("cosigner_is_first_proposer"):
        ProposalCoSigner.objects.filter(pk=cosigner.pk).update(
            member=cosigner.proposal.first_proposer
        )


@pytest.mark.django_db
def test_a_response_needs_its_time_and_an_invitation_has_none():
    cosigner = ProposalCoSignerFactory()
    with refused("proposal_cosigner_response_matches_status"):
        ProposalCoSigner.objects.filter(pk=cosigner.pk).update(status="confirmed")
    with refused("proposal_cosigner_response_matches_status"):
        ProposalCoSigner.objects.filter(pk=cosigner.pk).update(responded_at=timezone.now())
    with refused("proposal_cosigner_response_matches_status"):
        ProposalCoSigner.objects.filter(pk=cosigner.pk).update(
            status="maybe", responded_at=timezone.now()
        )


# --- assignments and replies ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_round_has_one_lead_unit():
    assignment = ProposalAssignmentFactory()
    with refused("proposal_assignment_one_lead|proposals_proposalassignment.round"):
        ProposalAssignmentFactory(proposal=assignment.proposal, role="lead")


@pytest.mark.django_db
def test_each_round_may_have_its_own_lead_unit():
    assignment = ProposalAssignmentFactory()
    ProposalAssignmentFactory(proposal=assignment.proposal, role="lead", round=2)
    assert assignment.proposal.assignments.filter(role="lead").count() == 2


@pytest.mark.django_db
def test_a_unit_is_assigned_once_per_round():
    assignment = ProposalAssignmentFactory()
    with refused("proposal_assignment_unique_unit|proposals_proposalassignment.unit_id"):
        ProposalAssignmentFactory(proposal=assignment.proposal, unit=assignment.unit, role="co")


@pytest.mark.django_db
def test_the_deadline_comes_after_the_assignment_date():
    with refused("proposal_assignment_deadline_after_assignment"):
        ProposalAssignmentFactory(assigned_on=TODAY, deadline=TODAY)


@pytest.mark.django_db
def test_a_unit_of_another_committee_cannot_be_assigned():
    with refused("cross_committee_reference"):
        ProposalAssignmentFactory(unit=HandlingUnitFactory())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"role": "aide"}, "proposal_assignment_role_valid"),
        ({"round": 0}, "proposal_assignment_round_positive"),
        ({"replied_on": TODAY + datetime.timedelta(days=1)}, "proposal_assignment_reply_complete"),
        ({"reply_body": "已办理"}, "proposal_assignment_reply_complete"),
        (
            {"replied_on": TODAY - datetime.timedelta(days=1), "reply_body": "已办理"},
            "proposal_assignment_reply_complete",
        ),
        (
            {"replied_on": TODAY, "reply_body": "已办理", "reply_category": "E"},
            "proposal_assignment_reply_category_valid",
        ),
        (
            {"replied_on": TODAY, "reply_body": "已办理"},
            "proposal_assignment_lead_reply_has_category",
        ),
    ],
    ids=[
        "unknown role",
        "round zero",
        "reply date without text",
        "reply text without date",
        "reply before assignment",
        "unknown category",
        "lead reply without category",
    ],
)
def test_an_assignment_row_stays_consistent(changes, constraint):
    # A co-handling unit, so that only the lead unit's own rule concerns the lead.
    role = "lead" if constraint == "proposal_assignment_lead_reply_has_category" else "co"
    assignment = ProposalAssignmentFactory(assigned_on=TODAY, role=role)
    with refused(constraint):
        ProposalAssignment.objects.filter(pk=assignment.pk).update(**changes)


@pytest.mark.django_db
def test_a_cohandling_unit_may_reply_without_a_category():
    assignment = ProposalAssignmentFactory(assigned_on=TODAY, role="co")
    ProposalAssignment.objects.filter(pk=assignment.pk).update(
        replied_on=TODAY, reply_body="协办意见已送主办单位"
    )
    assignment.refresh_from_db()
    assert assignment.has_replied


# --- follow-ups, counters, units ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"progress": ""}, "proposal_follow_up_look_back_has_progress"),
        ({"kind": "gossip"}, "proposal_follow_up_kind_valid"),
        ({"progress": "done"}, "proposal_follow_up_progress_valid"),
    ],
)
def test_a_follow_up_says_what_it_found(changes, constraint):
    follow_up = ProposalFollowUpFactory()
    with refused(constraint):
        ProposalFollowUp.objects.filter(pk=follow_up.pk).update(**changes)


@pytest.mark.django_db
def test_a_committee_counts_serial_numbers_once_per_year():
    counter = ProposalSerialCounterFactory()
    ProposalSerialCounterFactory(committee=counter.committee, year=counter.year + 1)
    with refused("proposal_serial_counter_unique|proposals_proposalserialcounter.committee_id"):
        ProposalSerialCounter.objects.create(committee=counter.committee, year=counter.year)


@pytest.mark.django_db
def test_unit_names_are_unique_within_a_committee():
    unit = HandlingUnitFactory()
    HandlingUnitFactory(name=unit.name)  # another committee may use the same name
    with refused("handling_unit_unique_name|proposals_handlingunit.committee_id"):
        HandlingUnit.objects.create(committee=unit.committee, name=unit.name)


@pytest.mark.django_db
def test_an_officer_is_listed_once_per_unit_and_only_within_the_committee():
    officer = HandlingUnitUserFactory()
    with refused("handling_unit_user_unique|proposals_handlingunituser.unit_id"):
        HandlingUnitUser.objects.create(unit=officer.unit, user=officer.user)
    with refused("cross_committee_reference"):
        HandlingUnitUser.objects.create(unit=officer.unit, user=UserFactory(committee=None))


# --- social-conditions reports -----------------------------------------------------------------

NOW = timezone.now()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "changes", "constraint"),
    [
        (SocialReportState.DRAFT, {"state": "lost"}, "social_report_state_valid"),
        (
            SocialReportState.DRAFT,
            {"submitted_at": NOW},
            "social_report_submitted_at_matches_state",
        ),
        (
            SocialReportState.SUBMITTED,
            {"submitted_at": None},
            "social_report_submitted_at_matches_state",
        ),
        (
            SocialReportState.ADOPTED,
            {"adopted_at": None},
            "social_report_adopted_at_matches_state",
        ),
        (
            SocialReportState.SUBMITTED,
            {"adopted_at": NOW},
            "social_report_adopted_at_matches_state",
        ),
        (
            SocialReportState.ADOPTED,
            {"adopted_at": NOW - datetime.timedelta(days=400)},
            "social_report_times_in_order",
        ),
        (
            SocialReportState.SUBMITTED,
            {"forwarded_on": TODAY, "forwarded_to": "市政协"},
            "social_report_forwarded_when_adopted",
        ),
        (
            SocialReportState.ADOPTED,
            {"forwarded_on": TODAY},
            "social_report_forwarded_when_adopted",
        ),
        (
            SocialReportState.ADOPTED,
            {"higher_adopted_on": TODAY, "higher_adopted_by": "省政协"},
            "social_report_higher_adoption_after_forwarding",
        ),
    ],
    ids=[
        "unknown state",
        "draft with a submission time",
        "submitted without one",
        "adopted without a time",
        "adoption time before adoption",
        "adopted before submitted",
        "forwarded before adoption",
        "forwarded without a recipient",
        "adopted above before forwarding",
    ],
)
def test_the_database_keeps_a_report_consistent(state, changes, constraint):
    report = social_report_in_state(state)
    with refused(constraint):
        SocialReport.objects.filter(pk=report.pk).update(**changes)


@pytest.mark.django_db
def test_a_report_converted_from_another_committees_proposal_is_refused():
    report = SocialReportFactory()
    with refused("cross_committee_reference"):
        SocialReport.objects.filter(pk=report.pk).update(converted_from=ProposalFactory())


@pytest.mark.django_db
def test_a_proposal_converts_into_at_most_one_report():
    proposal = proposal_in_state(ProposalState.NOT_REGISTERED, conversion="social_report")
    with refused("converted_from"):
        SocialReportFactory(committee=proposal.committee, converted_from=proposal)


@pytest.mark.django_db
def test_authors_are_listed_once_each_in_distinct_places():
    author = SocialReportAuthorFactory(order=1)
    with refused("social_report_author_unique|proposals_socialreportauthor.member_id"):
        SocialReportAuthor.objects.create(report=author.report, member=author.member, order=2)
    with refused("social_report_author_unique_order|proposals_socialreportauthor.order"):
        SocialReportAuthorFactory(report=author.report, order=1)
    with refused("social_report_author_order_positive"):
        SocialReportAuthorFactory(report=author.report, order=0)
    with refused("cross_committee_reference"):
        SocialReportAuthorFactory(report=author.report, member=MemberFactory(), order=3)


@pytest.mark.django_db
def test_an_instruction_names_a_known_level():
    instruction = SocialReportInstructionFactory()
    with refused("social_report_instruction_level_valid"):
        SocialReportInstruction.objects.filter(pk=instruction.pk).update(level="galactic")


# --- clues ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "changes", "constraint"),
    [
        ("new", {"status": "lost", "handled_at": NOW}, "proposal_clue_status_valid"),
        ("new", {"channel": "pigeon"}, "proposal_clue_channel_valid"),
        ("new", {"handled_at": NOW}, "proposal_clue_handled_at_matches_status"),
        ("under_review", {"handled_at": None}, "proposal_clue_handled_at_matches_status"),
        ("referred", {"referred_member": None}, "proposal_clue_referred_has_member"),
        ("adopted", {"resulting_proposal": None}, "proposal_clue_adopted_has_proposal"),
        ("not_adopted", {"triage_note": ""}, "proposal_clue_not_adopted_has_note"),
    ],
)
def test_the_database_keeps_a_clue_consistent(status, changes, constraint):
    clue = clue_in_state(status)
    with refused(constraint):
        ProposalClue.objects.filter(pk=clue.pk).update(**changes)


@pytest.mark.django_db
def test_a_clue_under_review_names_no_resulting_proposal():
    clue = clue_in_state("under_review")
    with refused("proposal_clue_adopted_has_proposal"):
        ProposalClue.objects.filter(pk=clue.pk).update(
            resulting_proposal=ProposalFactory(committee=clue.committee)
        )


@pytest.mark.django_db
def test_a_clue_points_only_into_its_own_committee():
    clue = clue_in_state("referred")
    with refused("cross_committee_reference"):
        ProposalClue.objects.filter(pk=clue.pk).update(referred_member=MemberFactory())


@pytest.mark.django_db
def test_a_clue_needs_no_contact_details():
    clue = ProposalClueFactory(contact_name="", contact_phone="", contact_email="")
    clue.full_clean()
    assert ProposalClue.objects.filter(pk=clue.pk, contact_phone="").exists()

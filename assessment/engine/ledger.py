"""Fill the ledger of scored facts from the duty tables, one ``INSERT … SELECT`` per kind of record.

Every fact carries the member's sector, liaison group and Standing Committee seat *on the day of
the duty* (dated periods, never the member's current sector), so moving a member never rewrites a
past year. Rebuilding a scope deletes its facts and inserts them again in the caller's transaction:
running it twice, or after a worker died half-way, gives the same ledger.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Left, TruncDate

from committees.voiding import COUNTED
from liaison.models import ContactActivity, ContactActivityParticipant, LiaisonGroupMembership
from meetings.models import (
    Attendance,
    AttendanceStatus,
    MeetingKind,
    ResearchReportAuthor,
    Speech,
    StudyNote,
)
from members.models import Commendation, Member, Position, SectorMembership
from proposals.models import Proposal, ProposalCoSigner, SocialReportAuthor
from proposals.models.proposal_choices import REGISTERED_STATES, SUBMITTED_STATES, SubmitterKind
from proposals.models.reports import SocialReportInstruction, SocialReportState
from supervision.models import SupervisionParticipant

from ..models import DutyKind, Outcome, ScoredFact
from .sql import insert_from_select

#: Ledger columns and the alias of the value that fills each.
COLUMNS = {
    "committee_id": "f_committee",
    "year": "f_year",
    "member_id": "f_member",
    "sector_id": "f_sector",
    "liaison_group_id": "f_group",
    "standing": "f_standing",
    "duty_kind": "f_kind",
    "occurred_on": "f_on",
    "meeting_kind": "f_meeting_kind",
    "attendance_status": "f_status",
    "speech_kind": "f_speech_kind",
    "role": "f_role",
    "outcome": "f_outcome",
    "training_completion": "f_completion",
    "commendation_level": "f_level",
    "qualitative_kind": "f_qualitative",
    "off_site": "f_off_site",
    "quantity": "f_quantity",
    "credit_rank": "f_rank",
    "co_credited": "f_co",
    "source_type_id": "f_type",
    "source_id": "f_source",
    "description": "f_description",
}

COLLECTIVE_KINDS = (
    SubmitterKind.SECTOR,
    SubmitterKind.PARTY,
    SubmitterKind.SPECIAL_COMMITTEE,
    SubmitterKind.SESSION_GROUP,
)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE_OR_EARLY)
QUANTITY = DecimalField(max_digits=7, decimal_places=2)


def text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _covering(day) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _on_the_day(member: str, day: str) -> dict:
    """Sector, liaison group and Standing Committee seat of ``member`` on ``day`` (outer refs)."""
    day_ref, member_ref = OuterRef(day), OuterRef(member)
    # Explicit orders: the models' default ones join the member's committee (or the group's) for
    # every fact, which made these subqueries most of a rebuild's time.
    sector = SectorMembership.objects.filter(_covering(day_ref), member=member_ref).order_by(
        "start_date", "pk"
    )
    group = LiaisonGroupMembership.objects.filter(_covering(day_ref), member=member_ref).order_by(
        "-start_date", "pk"
    )
    seat = Position.objects.filter(_covering(day_ref), member=member_ref)
    return {
        "f_sector": Subquery(sector.values("sector_id")[:1]),
        "f_group": Subquery(group.values("group_id")[:1]),
        "f_standing": Exists(seat),
    }


def _facts(
    queryset: QuerySet,
    *,
    committee_id: int,
    year: int,
    member: str,
    day: str,
    kind,
    source_type: int,
    description,
    source: str = "pk",
    **values,
) -> QuerySet:
    """The ledger rows of ``queryset``: fixed values and expressions by alias, blanks elsewhere."""
    defaults = {
        "f_meeting_kind": text(""),
        "f_status": text(""),
        "f_speech_kind": text(""),
        "f_role": text(""),
        "f_outcome": text(""),
        "f_completion": text(""),
        "f_level": text(""),
        "f_qualitative": text(""),
        "f_off_site": Value(False, output_field=BooleanField()),
        "f_quantity": Value(Decimal(1), output_field=QUANTITY),
        "f_rank": Value(1, output_field=IntegerField()),
        "f_co": Value(0, output_field=IntegerField()),
    }
    annotations = {
        "f_committee": Value(committee_id, output_field=IntegerField()),
        "f_year": Value(year, output_field=IntegerField()),
        "f_member": F(member),
        **_on_the_day(member, day),
        "f_kind": kind if hasattr(kind, "resolve_expression") else text(kind),
        "f_on": F(day),
        **{**defaults, **values},
        "f_type": Value(source_type, output_field=IntegerField()),
        "f_source": F(source),
        "f_description": Left(description, 200),
    }
    return queryset.annotate(**annotations).values(*COLUMNS.values())


def _day_in_year(*dates, year: int):
    """The first of ``dates`` that is set, kept within ``year`` (a proposal of the year may be
    submitted on the last days of the year before, or registered in January)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    day = Coalesce(*[TruncDate(d) for d in dates]) if len(dates) > 1 else TruncDate(dates[0])
    return Least(Greatest(day, Value(first)), Value(last))


def _type(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _in_year(field: str, year: int) -> Q:
    return Q(
        **{
            f"{field}__gte": datetime.date(year, 1, 1),
            f"{field}__lte": datetime.date(year, 12, 31),
        }
    )


# --- one source per kind of duty record -----------------------------------------------------


def attendance(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    """Marked attendance at meetings, research trips, trainings and reading groups."""
    meeting_kind = F("meeting__kind")
    kind = Case(
        When(
            meeting__kind__in=[MeetingKind.RESEARCH, MeetingKind.INSPECTION],
            then=text(DutyKind.RESEARCH_TRIP),
        ),
        When(meeting__kind=MeetingKind.TRAINING, then=text(DutyKind.TRAINING)),
        When(meeting__kind=MeetingKind.READING_GROUP, then=text(DutyKind.READING_GROUP)),
        default=text(DutyKind.MEETING_ATTENDANCE),
        output_field=CharField(),
    )
    half_days = Case(
        When(Q(status__in=ATTENDED) & Q(half_days_present__gt=0), then=F("half_days_present")),
        default=F("meeting__half_days"),
        output_field=QUANTITY,
    )
    rows = Attendance.objects.filter(
        members, _in_year("meeting__start_date", year), meeting__committee_id=committee_id
    ).exclude(status=AttendanceStatus.INVITED)
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="meeting__start_date",
        kind=kind,
        source_type=_type(Attendance),
        description=F("meeting__title"),
        f_meeting_kind=meeting_kind,
        f_status=F("status"),
        f_completion=F("training_completion"),
        f_off_site=F("meeting__off_site"),
        f_quantity=half_days,
    )


def speeches(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    rows = Speech.objects.filter(
        members,
        COUNTED,
        _in_year("meeting__start_date", year),
        meeting__committee_id=committee_id,
    )
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="meeting__start_date",
        kind=DutyKind.SPEECH,
        source_type=_type(Speech),
        description=F("title"),
        f_meeting_kind=F("meeting__kind"),
        f_speech_kind=F("kind"),
    )


def _count(queryset: QuerySet, parent: str) -> Coalesce:
    """How many rows of ``queryset`` (filtered on an outer reference) share their ``parent``."""
    counted = queryset.order_by().values(parent).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _cosigners_confirmed(proposal: str) -> Coalesce:
    confirmed = ProposalCoSigner.objects.filter(
        proposal=OuterRef(proposal), status=ProposalCoSigner.Status.CONFIRMED
    )
    return _count(confirmed, "proposal")


def _cosigner_rank():
    """1 + the confirmed co-signers invited before this one (the first proposer is 1)."""
    before = ProposalCoSigner.objects.filter(
        Q(invited_at__lt=OuterRef("invited_at"))
        | Q(invited_at=OuterRef("invited_at"), pk__lt=OuterRef("pk")),
        proposal=OuterRef("proposal"),
        status=ProposalCoSigner.Status.CONFIRMED,
    )
    return _count(before, "proposal") + 2


PROPOSAL_OUTCOME_FILTERS = {
    Outcome.REGISTERED: Q(state__in=REGISTERED_STATES),
    Outcome.KEY: Q(state__in=REGISTERED_STATES, is_key=True),
    Outcome.EXCELLENT: Q(state__in=REGISTERED_STATES, is_excellent=True),
    Outcome.CONVERTED: ~Q(conversion="none") & ~Q(conversion=""),
}


def proposals(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    """A fact for submitting each proposal, and one per outcome, for the first proposer and each
    confirmed co-signer; collective proposals credit them in the "collective" role."""
    submitted = Proposal.objects.filter(
        committee_id=committee_id, year=year, state__in=SUBMITTED_STATES
    )
    day = _day_in_year("submitted_at", "created_at", year=year)
    collective = Q(submitter_kind__in=COLLECTIVE_KINDS)
    first_role = Case(
        When(collective, then=text("collective")),
        default=text("first_proposer"),
        output_field=CharField(),
    )
    cosigner_role = Case(
        When(Q(proposal__submitter_kind__in=COLLECTIVE_KINDS), then=text("collective")),
        default=text("co_signer"),
        output_field=CharField(),
    )
    firsts = submitted.filter(first_proposer__isnull=False).annotate(f_day=day)
    cosigners = ProposalCoSigner.objects.filter(
        proposal__in=submitted, status=ProposalCoSigner.Status.CONFIRMED
    ).annotate(f_day=_day_in_year("proposal__submitted_at", "proposal__created_at", year=year))
    common = {
        "committee_id": committee_id,
        "year": year,
        "day": "f_day",
        "source_type": _type(Proposal),
    }
    first_members = members_as(members, "first_proposer")
    for outcome, condition in [("", Q()), *PROPOSAL_OUTCOME_FILTERS.items()]:
        kind = DutyKind.PROPOSAL if outcome == "" else DutyKind.PROPOSAL_OUTCOME
        yield _facts(
            firsts.filter(condition, first_members),
            member="first_proposer_id",
            kind=kind,
            description=F("title"),
            f_role=first_role,
            f_outcome=text(outcome),
            f_co=_cosigners_confirmed("pk"),
            **common,
        )
        yield _facts(
            cosigners.filter(prefixed(condition, "proposal"), members),
            member="member_id",
            kind=kind,
            description=F("proposal__title"),
            source="proposal_id",
            f_role=cosigner_role,
            f_outcome=text(outcome),
            f_rank=_cosigner_rank(),
            f_co=_cosigners_confirmed("proposal_id"),
            **common,
        )


REPORT_OUTCOME_FILTERS = {
    # A report made from a declined proposal is credited as the proposal's conversion; only its
    # later outcomes count as the report's own.
    Outcome.SUBMITTED: Q(report__converted_from__isnull=True),
    Outcome.ADOPTED: Q(report__adopted_at__isnull=False),
    Outcome.ADOPTED_HIGHER: Q(report__higher_adopted_on__isnull=False),
    Outcome.INSTRUCTION: Q(
        Exists(SocialReportInstruction.objects.filter(report=OuterRef("report")))
    ),
}


def social_reports(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    """Each author of a submitted report: the report itself ("submitted") and its outcomes. The
    first author by order is the first proposer, the others co-authors."""
    authors = SocialReportAuthor.objects.filter(
        members,
        report__committee_id=committee_id,
        report__year=year,
        report__state__in=[
            SocialReportState.SUBMITTED,
            SocialReportState.ADOPTED,
            SocialReportState.NOT_ADOPTED,
        ],
    ).annotate(f_day=_day_in_year("report__submitted_at", "report__created_at", year=year))
    before = SocialReportAuthor.objects.filter(
        Q(order__lt=OuterRef("order")) | Q(order=OuterRef("order"), pk__lt=OuterRef("pk")),
        report=OuterRef("report"),
    )
    authors_of_report = SocialReportAuthor.objects.filter(report=OuterRef("report"))
    rank = _count(before, "report") + 1
    role = Case(
        When(Q(Exists(before)), then=text("co_signer")),
        default=text("first_proposer"),
        output_field=CharField(),
    )
    for outcome, condition in REPORT_OUTCOME_FILTERS.items():
        yield _facts(
            authors.filter(condition),
            committee_id=committee_id,
            year=year,
            member="member_id",
            day="f_day",
            kind=DutyKind.SOCIAL_REPORT,
            source_type=_type(SocialReportAuthor.report.field.related_model),
            source="report_id",
            description=F("report__title"),
            f_role=role,
            f_outcome=text(outcome),
            f_rank=rank,
            f_co=_count(authors_of_report, "report") - 1,
        )


def contact_activities(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    """Verified contact activities, for each participating member."""
    rows = ContactActivityParticipant.objects.filter(
        members,
        _in_year("activity__date", year),
        activity__committee_id=committee_id,
        activity__status=ContactActivity.Status.VERIFIED,
    )
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="activity__date",
        kind=DutyKind.CONTACT_ACTIVITY,
        source_type=_type(ContactActivity),
        source="activity_id",
        description=F("activity__title"),
    )


def research_reports(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    rows = ResearchReportAuthor.objects.filter(
        members,
        COUNTED,
        _in_year("report__written_on", year),
        report__committee_id=committee_id,
        report__voided_at__isnull=True,
    )
    co_authors = ResearchReportAuthor.objects.filter(COUNTED, report=OuterRef("report"))
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="report__written_on",
        kind=DutyKind.RESEARCH_REPORT,
        source_type=_type(ResearchReportAuthor.report.field.related_model),
        source="report_id",
        description=F("report__title"),
        f_role=Case(
            When(is_lead=True, then=text("first_proposer")),
            default=text("co_signer"),
            output_field=CharField(),
        ),
        f_rank=Case(
            When(is_lead=True, then=Value(1)), default=Value(2), output_field=IntegerField()
        ),
        f_co=_count(co_authors, "report") - 1,
    )


def study_notes(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    rows = StudyNote.objects.filter(
        members, COUNTED, _in_year("written_on", year), member__committee_id=committee_id
    )
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="written_on",
        kind=DutyKind.STUDY_NOTE,
        source_type=_type(StudyNote),
        description=F("title"),
    )


def supervision(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    rows = SupervisionParticipant.objects.filter(
        members, COUNTED, topic__committee_id=committee_id, topic__year=year
    )
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="topic__start_date",
        kind=DutyKind.SUPERVISION,
        source_type=_type(SupervisionParticipant.topic.field.related_model),
        source="topic_id",
        description=F("topic__title"),
    )


def commendations(committee_id: int, year: int, members: Q) -> Iterable[QuerySet]:
    rows = Commendation.objects.filter(
        members, COUNTED, _in_year("awarded_on", year), member__committee_id=committee_id
    )
    yield _facts(
        rows,
        committee_id=committee_id,
        year=year,
        member="member_id",
        day="awarded_on",
        kind=DutyKind.COMMENDATION,
        source_type=_type(Commendation),
        description=F("title"),
        f_level=F("level"),
    )


#: Every source of facts; each yields querysets of ledger rows for (committee, year, members).
SOURCES: list[Callable[[int, int, Q], Iterable[QuerySet]]] = [
    attendance,
    speeches,
    proposals,
    social_reports,
    contact_activities,
    research_reports,
    study_notes,
    supervision,
    commendations,
]


def _renamed(condition: Q, rename) -> Q:
    """``condition`` with every lookup passed through ``rename`` (connectors kept)."""
    q = Q()
    q.connector, q.negated = condition.connector, condition.negated
    q.children = [
        _renamed(child, rename) if isinstance(child, Q) else (rename(child[0]), child[1])
        for child in condition.children
    ]
    return q


def members_as(members: Q, field: str) -> Q:
    """The member filter ``members`` (written for ``member_id``) applied to another field."""
    return _renamed(members, lambda lookup: lookup.replace("member", field, 1))


def prefixed(condition: Q, prefix: str) -> Q:
    """``condition`` (written for a proposal) applied through the relation ``prefix``."""
    return _renamed(condition, lambda lookup: f"{prefix}__{lookup}")


def member_filter(committee_id: int, year: int, member_ids: Iterable[int] | None) -> Q:
    """The members a rebuild covers, as a filter on ``member_id``."""
    if member_ids is None:
        return Q(member__committee_id=committee_id)
    return Q(member_id__in=list(member_ids))


def rebuild(
    committee_id: int,
    year: int,
    member_ids: Iterable[int] | None = None,
    computed: dict | None = None,
) -> int:
    """Replace the ledger of a committee's year (or of some of its members) from the duty tables.
    ``computed`` fills more ledger columns with expressions over the facts as they are written
    (the scheme's rule and points: ``scoring.matching``), except on the evaluations' facts.
    Call inside a transaction; returns the number of facts written."""
    members = member_filter(committee_id, year, member_ids)
    scope = ScoredFact.objects.filter(committee_id=committee_id, year=year)
    if member_ids is not None:
        scope = scope.filter(member_id__in=list(member_ids))
    scope.delete()
    written = 0
    for source in SOURCES:
        for queryset in source(committee_id, year, members):
            written += insert_from_select(ScoredFact, COLUMNS, queryset, computed)
    return written + evaluations(committee_id, year, member_ids)


def evaluations(committee_id: int, year: int, member_ids: Iterable[int] | None) -> int:
    """The year's evaluation scores (0–100) as facts of the qualitative kind, one per member and
    evaluation. The evaluations app computes them (ballots stay anonymous there); they are
    written with one statement."""
    from evaluations.selectors import qualitative_scores

    from ..models import QualitativePart

    wanted = None if member_ids is None else set(member_ids)
    rows = [
        (member_id, kind, score)
        for member_id, kind, score in qualitative_scores(committee_id, year)
        if wanted is None or member_id in wanted
    ]
    if not rows:
        return 0
    labels = dict(QualitativePart.Kind.choices)
    member_type = _type(Member)
    table = connection.ops.quote_name(ScoredFact._meta.db_table)
    columns = (
        "committee_id, year, member_id, standing, duty_kind, occurred_on, meeting_kind, "
        "attendance_status, speech_kind, role, outcome, training_completion, "
        "commendation_level, qualitative_kind, off_site, quantity, credit_rank, co_credited, "
        "source_type_id, source_id, description"
    )
    marks = ", ".join(["%s"] * 21)
    year_end = datetime.date(year, 12, 31)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # nosec B608: table and columns are the model's own; values are parameters
            [
                (
                    committee_id,
                    year,
                    member_id,
                    False,
                    DutyKind.QUALITATIVE,
                    year_end,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    kind,
                    False,
                    score,
                    1,
                    0,
                    member_type,
                    member_id,
                    str(labels.get(kind, kind)),
                )
                for member_id, kind, score in rows
            ],
        )
    return len(rows)


__all__ = ["COLUMNS", "SOURCES", "Member", "rebuild"]

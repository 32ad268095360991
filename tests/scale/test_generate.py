"""generate_scale_data: a realistic province, scoreable, written in batches, never twice."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from assessment.engine import recompute
from assessment.engine.scoring import serving
from assessment.models import AssessmentScheme, Result
from committees.models import Committee
from cppcc.scale.generate import generate_scale_data
from liaison.models import ContactActivity, LeaderApproval, LiaisonGroup, LiaisonGroupMembership
from meetings.models import Attendance, Meeting, ResearchReport, Speech, StudyNote
from members.models import Member, Position, SectorMembership
from proposals.models import (
    Proposal,
    ProposalAssignment,
    ProposalCoSigner,
    SocialReport,
    SocialReportAuthor,
)
from sectors.models import Sector

pytestmark = pytest.mark.django_db
# A past year, so the whole year is filled whatever today is.
YEAR = timezone.localdate().year - 1


@pytest.fixture
def province():
    return generate_scale_data(members=300, year=YEAR, seed=3, cities=1, counties_per_city=2)


def test_it_builds_a_province_with_cities_and_counties_below_it(province):
    tree = Committee.objects.filter(path__startswith=province.province.path)
    assert dict(tree.values_list("level").annotate(n=Count("pk"))) == {
        "provincial": 1,
        "municipal": 1,
        "county": 2,
    }
    city = tree.get(level="municipal")
    assert city.parent == province.province
    assert set(tree.filter(level="county").values_list("parent", flat=True)) == {city.pk}
    assert Member.objects.filter(committee__in=tree).count() == 300 == province.members


def test_each_committee_has_its_sectors_and_each_county_its_liaison_groups(province):
    for committee in Committee.objects.filter(path__startswith=province.province.path):
        sectors = Sector.objects.filter(committee=committee).count()
        if committee.level == "provincial":
            assert sectors == 34
        elif committee.level == "county":
            assert 15 <= sectors <= 20
            assert 10 <= LiaisonGroup.objects.filter(committee=committee).count() <= 30
            members = Member.objects.filter(committee=committee, status="active")
            in_a_group = LiaisonGroupMembership.objects.open().filter(member__in=members)
            assert in_a_group.count() == members.count()
            assert (
                in_a_group.filter(role="leader").count()
                == LiaisonGroup.objects.filter(committee=committee).count()
            )
    # Every serving member is in exactly one sector now; a few moved during the year.
    active = Member.objects.filter(status="active").count()
    assert SectorMembership.objects.filter(end_date__isnull=True).count() == active
    assert SectorMembership.objects.values("member").distinct().count() == 300
    assert SectorMembership.objects.filter(end_date__year=YEAR, member__status="active").exists()
    assert Position.objects.exists()


def test_members_have_about_thirty_duty_records_a_year_of_every_kind(province):
    per_member = province.records_per_member
    assert 26 <= per_member <= 34, province.records
    assert all(count > 0 for count in province.records.values()), province.records
    assert Attendance.objects.count() == province.records["meeting attendance"]
    assert Meeting.objects.filter(kind="plenary").count() == 4
    assert ResearchReport.objects.exists() and Speech.objects.exists()
    assert StudyNote.objects.filter(meeting__isnull=False).exists()
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {"submitted", "registered", "answered", "evaluated", "not_registered"} <= states
    assert ProposalCoSigner.objects.filter(status="confirmed").exists()
    assert SocialReport.objects.filter(state="adopted").exists()
    assert SocialReportAuthor.objects.filter(order=2).exists()


def test_some_members_join_or_leave_during_the_year_and_their_records_fall_within(province):
    joined = Member.objects.filter(joined_on__year=YEAR)
    left = Member.objects.filter(left_on__year=YEAR)
    assert joined.exists() and left.exists()
    assert set(left.values_list("status", flat=True)) <= {"resigned", "replaced"}
    assert not LiaisonGroupMembership.objects.filter(member__in=left, end_date__isnull=True)
    for member in [*joined, *left]:
        last = member.left_on or datetime.date(YEAR, 12, 31)
        days = [
            *member.attendances.values_list("meeting__start_date", flat=True),
            *member.contact_activity_participations.values_list("activity__date", flat=True),
            *member.study_notes.values_list("written_on", flat=True),
        ]
        assert all(member.joined_on <= day <= last for day in days), member


def test_every_committee_has_a_scheme_in_force_for_the_year(province):
    tree = Committee.objects.filter(path__startswith=province.province.path)
    schemes = AssessmentScheme.objects.filter(committee__in=tree, year=YEAR)
    assert schemes.count() == tree.count()
    assert set(schemes.values_list("state", flat=True)) == {AssessmentScheme.State.ACTIVE}


def test_the_real_recompute_scores_every_serving_member(province):
    county = Committee.objects.filter(level="county", path__startswith=province.province.path)[0]
    recompute(committee_id=county.pk, year=YEAR)
    serving_members = Member.objects.filter(serving(YEAR), committee=county)
    results = Result.objects.filter(committee=county, year=YEAR)
    assert results.count() == serving_members.count() > 0
    assert not results.filter(grade__isnull=True).exists()
    # The records count: nearly everyone scores, and the grades are spread.
    assert results.filter(total__gt=0).count() >= 0.9 * results.count()
    assert results.values("grade").distinct().count() >= 2


VALIDATED = (
    Member,
    SectorMembership,
    Position,
    LiaisonGroupMembership,
    LeaderApproval,
    Meeting,
    Attendance,
    Speech,
    ResearchReport,
    StudyNote,
    ContactActivity,
    Proposal,
    ProposalCoSigner,
    ProposalAssignment,
    SocialReport,
    SocialReportAuthor,
)


@pytest.mark.parametrize("model", VALIDATED, ids=lambda model: model.__name__)
def test_generated_rows_pass_the_models_own_validation(province, model):
    """Rows are written without ``full_clean()``; a sample of each kind passes it."""
    for row in model.objects.order_by("?")[:20]:
        row.full_clean()


def queries_to_generate(members, name, **options):
    """Statements sent (an ``executemany`` of many rows is one), counted without the query log's
    limit of 9,000 entries."""
    sent = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        generate_scale_data(
            members=members,
            year=YEAR,
            province_name=name,
            cities=1,
            counties_per_city=2,
            **options,
        )
    return len(sent)


def test_the_number_of_queries_does_not_grow_with_the_number_of_members():
    assert queries_to_generate(200, "甲省") == queries_to_generate(400, "乙省")


@pytest.mark.sqlite_only  # PostgreSQL writes with COPY, which Django's statement hook never sees
def test_smaller_batches_cost_one_statement_per_table_and_batch():
    whole = queries_to_generate(400, "甲省")
    summary_rows = 400 * 40  # more rows than that are written, so there are several batches
    batched = queries_to_generate(400, "乙省", batch_size=summary_rows // 8)
    assert whole < batched <= whole + 26 * 9


def test_it_refuses_to_generate_the_same_province_twice(capsys):
    call_command("generate_scale_data", members=200, year=YEAR, cities=1, counties_per_city=1)
    assert "Done in" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_scale_data", members=200, year=YEAR)


def statements_of(run) -> int:
    """Statements ``run`` sends (an ``executemany`` is one), without the query log's limit."""
    sent = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        run()
    return len(sent)


def test_the_recompute_of_a_committee_sends_as_many_statements_at_twice_the_size():
    """Every kind of duty record the generator writes is scored; the statements a committee's
    recompute sends, whole or for one member, do not depend on how many members or records it
    has (the province of 甲 has twice as many of both as 乙's)."""
    small = generate_scale_data(
        members=120, year=YEAR, province_name="乙省", seed=5, cities=1, counties_per_city=1
    )
    large = generate_scale_data(
        members=240, year=YEAR, province_name="甲省", seed=5, cities=1, counties_per_city=1
    )
    counts = {}
    for name, tree in (("small", small), ("large", large)):
        county = Committee.objects.get(level="county", path__startswith=tree.province.path)
        for level, committee in (("province", tree.province), ("county", county)):
            recompute(committee_id=committee.pk, year=YEAR)  # warms the content-type cache
            whole = statements_of(lambda c=committee: recompute(committee_id=c.pk, year=YEAR))
            busiest = (
                Member.objects.filter(serving(YEAR), committee=committee)
                .annotate(n=Count("attendances"))
                .order_by("-n")
                .first()
            )
            one = statements_of(
                lambda c=committee, m=busiest: recompute(
                    committee_id=c.pk, year=YEAR, member_ids=[m.pk]
                )
            )
            counts[name, level] = (whole, one)
    sizes = {
        name: Member.objects.filter(committee__path__startswith=tree.province.path).count()
        for name, tree in (("small", small), ("large", large))
    }
    assert sizes["large"] >= 1.8 * sizes["small"]
    assert counts["small", "province"] == counts["large", "province"], counts
    assert counts["small", "county"] == counts["large", "county"], counts

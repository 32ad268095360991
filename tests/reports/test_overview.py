"""The committee overview staff open in the browser: the year's figures, the proposal pipeline,
attendance by meeting, sectors and groups side by side, members at risk, the make-up of the
membership and topics several sectors raised, for their own committee (and those below)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee
from meetings.models import AttendanceStatus, MeetingKind
from members.models import Member, Party, SectorMembership
from proposals import services as proposal_services
from proposals.models import Conversion, ProposalState, SubmitterKind
from reports.overview import topic_key
from tests.assessment.engine_helpers import YEAR, activity, attend, meeting, proposal, score
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import CommitteeFactory, SectorFactory, StaffUserFactory
from tests.factories.liaison import LiaisonGroupFactory, LiaisonGroupMembershipFactory
from tests.factories.meetings import AttendanceFactory
from tests.factories.proposals import ProposalFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def next_january(time_machine):
    time_machine.move_to(datetime.datetime(YEAR + 1, 1, 10, 9, tzinfo=datetime.UTC))


def url(committee, year=YEAR):
    return reverse("overview:committee", kwargs={"committee_id": committee.pk, "year": year})


def person(committee, sector, name, **kwargs):
    """A member of ``sector`` since the term began (the sector history says so too)."""
    member = member_of(committee, sector=sector, name=name, **kwargs)
    SectorMembership.objects.filter(member=member).update(sector=sector)
    return member


@pytest.fixture
def county(committee):
    county_scheme(committee)  # "attend the plenary" and "three activities a year"
    return committee


def test_staff_see_the_pipeline_meetings_and_downloads(staff_client, staff, county):
    sector = SectorFactory(committee=county, name="教育界")
    first, second, third = (person(county, sector, f"委员{i}") for i in range(3))
    proposal(staff, first)  # registered
    proposal(staff, second, state=ProposalState.NOT_REGISTERED, conversion=Conversion.NONE)
    ProposalFactory(committee=county, first_proposer=third, year=YEAR)  # a draft
    plenary = meeting(county, MeetingKind.PLENARY, title="一届三次全会")
    attend(first, plenary)
    attend(second, plenary, AttendanceStatus.APPROVED_LEAVE)
    AttendanceFactory(meeting=plenary, member=third)  # not marked yet

    page = staff_client.get(url(county))

    assert page.status_code == 200
    overview = page.context["overview"]
    pipeline = {stage.state: stage.count for stage in overview.pipeline}
    assert (pipeline["registered"], pipeline["not_registered"], pipeline["draft"]) == (1, 1, 1)
    assert overview.pipeline_total == 3
    [line] = overview.meetings
    assert (line.title, line.invited, line.attended, line.unmarked) == ("一届三次全会", 3, 1, 1)
    assert str(line.rate) == "50.0"  # 1 of the 2 marked invitations
    html = page.content.decode()
    assert "提案办理进度" in html and "一届三次全会" in html and "出席率（%）" in html
    assert reverse("reports:figures_pdf", args=[county.pk, YEAR]) in html
    assert reverse("reports:figures_xlsx", args=[county.pk, YEAR]) in html


def test_sectors_and_groups_side_by_side_and_the_members_at_risk(staff_client, county):
    teachers = SectorFactory(committee=county, name="教育界")
    doctors = SectorFactory(committee=county, name="医药卫生界")
    group = LiaisonGroupFactory(committee=county, name="城关镇联络组")
    busy = person(county, teachers, "李勤")
    idle = person(county, teachers, "张闲")
    doctor = person(county, doctors, "王医")
    for member in (busy, idle):
        LiaisonGroupMembershipFactory(group=group, member=member)
    plenary = meeting(county, MeetingKind.PLENARY)
    for member in (busy, doctor):
        attend(member, plenary)
    for day in (1, 2, 3):
        activity(county, busy, day=datetime.date(YEAR, 10, day))
    activity(county, busy, idle, day=datetime.date(YEAR, 11, 1))  # once for the sector
    score(county)

    overview = staff_client.get(url(county)).context["overview"]

    by_name = {row.name: row for row in overview.sectors}
    assert (by_name["教育界"].members, by_name["教育界"].activities) == (2, 4)
    assert (by_name["教育界"].results, by_name["教育界"].minimums_met) == (2, 1)
    assert str(by_name["教育界"].minimums_met_share) == "50.0"
    assert by_name["医药卫生界"].minimums_met == 0  # the plenary, but no activity
    [row] = overview.groups
    assert (row.name, row.members, row.activities) == ("城关镇联络组", 2, 4)
    at_risk = {person.name: person for person in overview.at_risk}
    assert set(at_risk) == {"张闲", "王医"}
    assert [label for label, _done, _required in at_risk["张闲"].unmet] == [
        "出席全体会议",
        "每年参加三次活动",
    ]
    assert at_risk["王医"].unmet == [("每年参加三次活动", 0, 3)]


def test_the_make_up_of_the_membership(staff_client, county):
    sector = SectorFactory(committee=county, name="经济界")
    person(
        county,
        sector,
        "甲",
        gender=Member.Gender.MALE,
        party=Party.CPC,
        birth_date=datetime.date(1990, 6, 1),
        township="城关镇",
        profession="教师",
    )
    person(
        county,
        sector,
        "乙",
        party=Party.CDL,
        birth_date=datetime.date(1960, 1, 1),
        township="城关镇",
        profession="医生",
    )
    person(county, sector, "丙", township="")
    left = person(county, sector, "丁")
    Member.objects.filter(pk=left.pk).update(
        status=Member.Status.RESIGNED, left_on=datetime.date(YEAR, 6, 30)
    )

    page = staff_client.get(url(county))

    make_up = {b.key: {p.label: p.count for p in b.parts} for b in page.context["overview"].make_up}
    assert make_up["sector"] == {"经济界": 3}  # 丁 left in June
    assert make_up["gender"] == {"男": 1, "女": 2}
    assert make_up["party"] == {"中国共产党": 1, "中国民主同盟": 1, "无党派人士": 1}
    assert make_up["age"] == {"40岁以下": 1, "60岁及以上": 1, "未登记出生日期": 1}
    assert make_up["township"] == {"城关镇": 2, "未登记": 1}
    assert "委员构成" in page.content.decode()


def test_topics_raised_by_several_sectors(staff_client, staff, county):
    teachers = SectorFactory(committee=county, name="教育界")
    farmers = SectorFactory(committee=county, name="农业界")
    a, b = person(county, teachers, "甲"), person(county, teachers, "乙")
    c = person(county, farmers, "丙")

    def submitted(member, title):
        p = proposal(staff, member)
        type(p).objects.filter(pk=p.pk).update(title=title)

    submitted(a, "关于加强农村养老服务的提案")
    submitted(c, "加强农村养老服务的建议。")
    submitted(a, "关于完善社区医疗的建议")
    submitted(b, "完善社区医疗")  # the same topic, but one sector only
    sector_proposal = ProposalFactory(
        committee=county,
        submitter_kind=SubmitterKind.SECTOR,
        submitting_sector=farmers,
        title="关于“完善社区医疗”的提案",
    )
    proposal_services.proposal_submit(proposal=sector_proposal, by=staff)

    page = staff_client.get(url(county))

    topics = {t.topic: t.sectors for t in page.context["overview"].shared_topics}
    assert topics == {
        "关于加强农村养老服务的提案": ["农业界", "教育界"],
        "关于完善社区医疗的建议": ["农业界", "教育界"],
    }
    assert "去掉空格和标点" in page.content.decode()  # the rule is explained


def test_it_reduces_a_title_to_its_topic():
    assert topic_key("关于加强农村养老服务的提案") == "加强农村养老服务"
    assert topic_key(" 加强农村 养老服务的建议。") == "加强农村养老服务"
    assert topic_key("关于“ＡＩ教育”的建议") == "ai教育"
    assert topic_key("建议") == "建议"  # never reduced to nothing


def test_staff_of_the_committee_above_read_it_and_others_do_not(client, county):
    city = CommitteeFactory(level=Committee.Level.MUNICIPAL)
    county.parent = city
    county.save()
    client.force_login(StaffUserFactory(committee=city))
    assert client.get(url(county)).status_code == 200
    client.force_login(StaffUserFactory(committee=CommitteeFactory()))
    assert client.get(url(county)).status_code == 404
    assert client.get(url(city)).status_code == 404


def test_an_unknown_committee_or_year_is_a_404(client):
    superuser = StaffUserFactory(committee=None, is_superuser=True)
    client.force_login(superuser)
    assert client.get(reverse("overview:committee", args=[999999, YEAR])).status_code == 404
    assert client.get(reverse("overview:committee", args=[1, 1800])).status_code == 404


def test_the_index_takes_staff_to_their_committees_year(staff_client, county):
    response = staff_client.get(reverse("overview:index"))
    assert response.url == url(county, YEAR + 1)


def test_the_nav_links_staff_to_the_overview(staff_client, county):
    html = staff_client.get(reverse("portal:home")).content.decode()
    assert reverse("overview:index") in html and "委员会履职概况" in html


def test_the_query_count_does_not_grow_with_the_committees_rows(
    staff_client, staff, county, django_assert_num_queries
):
    sectors = [SectorFactory(committee=county) for _ in range(2)]
    groups = [LiaisonGroupFactory(committee=county) for _ in range(2)]

    def fill(n):
        for i in range(n):
            sector, group = sectors[i % 2], groups[i % 2]
            member = person(
                county,
                sector,
                f"委员{Member.objects.count()}",
                birth_date=datetime.date(1950 + 5 * i, 1, 1),
                township=f"镇{i}",
                profession=f"职业{i}",
            )
            LiaisonGroupMembershipFactory(group=group, member=member)
            sector_meeting = meeting(county, day=datetime.date(YEAR, 3, 1 + i))
            attend(member, sector_meeting)
            proposal(staff, member)
            activity(county, member, day=datetime.date(YEAR, 5, 1 + i))
        score(county)

    fill(2)
    staff_client.get(url(county))
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url(county)).status_code == 200
    fill(8)
    with django_assert_num_queries(len(few)):
        page = staff_client.get(url(county))
    assert len(page.context["overview"].meetings) == 10
    assert len(page.context["overview"].at_risk) == 10


def test_a_long_list_of_members_at_risk_is_cut_with_a_link_to_all(
    staff_client, county, monkeypatch
):
    monkeypatch.setattr("reports.views.AT_RISK_SHOWN", 1)
    sector = SectorFactory(committee=county)
    for name in ("甲委员", "乙委员"):
        person(county, sector, name)
    score(county)

    html = staff_client.get(url(county)).content.decode()

    risk = html.split('id="h-risk"')[1].split("</section>")[0]
    assert "(2)" in risk  # both are counted
    assert ("甲委员" in risk) != ("乙委员" in risk)  # one listed
    assert reverse("admin:assessment_result_changelist") in risk


def test_a_superuser_without_a_committee_chooses_one(client, county):
    client.force_login(StaffUserFactory(committee=None, is_superuser=True))
    page = client.get(reverse("overview:index"))
    assert page.status_code == 200
    assert url(county, YEAR + 1) in page.content.decode()

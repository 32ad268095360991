"""Social-conditions reports: their workflow, forwarding up, and leaders' instructions."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from proposals import services
from proposals.models import SocialReport, SocialReportState
from tests.factories.core import MemberFactory, UserFactory
from tests.factories.proposals import member_of, social_report_in_state

pytestmark = pytest.mark.django_db
R = SocialReportState

WORKFLOW = {
    "submit": ({R.DRAFT}, R.SUBMITTED),
    "return_for_revision": ({R.SUBMITTED}, R.DRAFT),
    "adopt": ({R.SUBMITTED}, R.ADOPTED),
    "reject": ({R.SUBMITTED}, R.NOT_ADOPTED),
}
LABELS_EN = {
    "submit": "submit",
    "return_for_revision": "return for revision",
    "adopt": "adopt",
    "reject": "not adopt",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(name, report, staff):
    return {
        "submit": lambda: services.social_report_submit(report=report, by=staff),
        "return_for_revision": lambda: services.social_report_return_for_revision(
            report=report, note="请核实数据来源", by=staff
        ),
        "adopt": lambda: services.social_report_adopt(
            report=report, issue="《社情民意》第3期", by=staff
        ),
        "reject": lambda: services.social_report_reject(
            report=report, note="已有同类信息", by=staff
        ),
    }[name]()


PAIRS = list(itertools.product(list(R), WORKFLOW))


@pytest.mark.parametrize(("state", "name"), PAIRS, ids=[f"{s}-{n}" for s, n in PAIRS])
def test_every_report_transition_from_every_state(state, name, staff):
    report = social_report_in_state(state, staff=staff, committee=staff.committee)
    before = SocialReport.objects.filter(pk=report.pk).values().get()
    sources, target = WORKFLOW[name]
    if state in sources:
        run(name, report, staff)
        report.refresh_from_db()
        assert report.state == target
        if name == "adopt":
            assert (report.adopted_issue, report.reviewed_by) == ("《社情民意》第3期", staff)
        if name == "return_for_revision":
            assert (report.review_note, report.submitted_at) == ("请核实数据来源", None)
    else:
        with pytest.raises(ValidationError) as excinfo:
            run(name, report, staff)
        assert excinfo.value.messages == [
            f"The report is “{R(state).label}”; it cannot be “{LABELS_EN[name]}”."
        ]
        assert SocialReport.objects.filter(pk=report.pk).values().get() == before


def test_a_member_writes_a_report_with_colleagues_and_submits_it(committee, term):
    writer = MemberFactory(committee=committee, term=term, user=UserFactory(committee=committee))
    colleague = member_of(committee)
    report = services.social_report_create(
        committee=committee,
        year=2024,
        title="关于农村留守老人助餐服务的情况反映",
        body="……",
        authors=[writer, colleague],
        by=writer.user,
    )
    assert list(report.authorships.values_list("member", "order")) == [
        (writer.pk, 1),
        (colleague.pk, 2),
    ]
    services.social_report_submit(report=report, by=writer.user)
    assert SocialReport.objects.get(pk=report.pk).state == R.SUBMITTED


def test_a_member_cannot_file_a_report_in_others_names(committee, term):
    writer = MemberFactory(committee=committee, term=term, user=UserFactory(committee=committee))
    with pytest.raises(PermissionDenied):
        services.social_report_create(
            committee=committee,
            year=2024,
            title="x",
            body="y",
            authors=[member_of(committee)],
            by=writer.user,
        )
    assert not SocialReport.objects.exists()


def test_a_report_needs_an_author_before_it_is_submitted(staff):
    report = services.social_report_create(
        committee=staff.committee, year=2024, title="x", body="y", by=staff
    )
    with pytest.raises(ValidationError, match="at least one author"):
        services.social_report_submit(report=report, by=staff)
    services.social_report_author_add(report=report, member=member_of(staff.committee), by=staff)
    services.social_report_submit(report=report, by=staff)


def test_authors_come_from_the_reports_committee(staff):
    report = social_report_in_state(R.DRAFT, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="another committee"):
        services.social_report_author_add(report=report, member=MemberFactory(), by=staff)
    added = services.social_report_author_add(
        report=report, member=member_of(staff.committee), by=staff
    )
    assert added.order == 2


def test_authors_are_fixed_once_submitted(staff):
    report = social_report_in_state(R.SUBMITTED, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="only change while the report is a draft"):
        services.social_report_author_remove(authorship=report.authorships.get(), by=staff)
    assert report.authorships.count() == 1


def test_an_adopted_report_is_forwarded_up_and_adopted_there(staff):
    report = social_report_in_state(R.ADOPTED, staff=staff, committee=staff.committee)
    today = timezone.localdate()
    services.social_report_forward(
        report=report, forwarded_to="市政协", forwarded_on=today, by=staff
    )
    with pytest.raises(ValidationError, match="already been forwarded"):
        services.social_report_forward(
            report=report, forwarded_to="省政协", forwarded_on=today, by=staff
        )
    with pytest.raises(ValidationError, match="after receiving it"):
        services.social_report_record_higher_adoption(
            report=report,
            adopted_by="市政协",
            adopted_on=today - datetime.timedelta(days=1),
            by=staff,
        )
    services.social_report_record_higher_adoption(
        report=report, adopted_by="市政协", adopted_on=today, by=staff
    )
    report.refresh_from_db()
    assert (report.forwarded_to, report.higher_adopted_by) == ("市政协", "市政协")


def test_only_adopted_reports_are_forwarded_or_instructed(staff):
    report = social_report_in_state(R.SUBMITTED, staff=staff, committee=staff.committee)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Only an adopted report"):
        services.social_report_forward(
            report=report, forwarded_to="市政协", forwarded_on=today, by=staff
        )
    with pytest.raises(ValidationError, match="recorded on adopted reports"):
        services.social_report_instruction_record(
            report=report,
            leader="县委书记",
            level="county",
            instructed_on=today,
            content="阅",
            by=staff,
        )
    with pytest.raises(ValidationError, match="Forward the report"):
        services.social_report_record_higher_adoption(
            report=report, adopted_by="市政协", adopted_on=today, by=staff
        )


def test_a_report_collects_several_instructions(staff):
    report = social_report_in_state(R.ADOPTED, staff=staff, committee=staff.committee)
    for leader, level in [("县委书记", "county"), ("市长", "municipal")]:
        services.social_report_instruction_record(
            report=report,
            leader=leader,
            level=level,
            instructed_on=timezone.localdate(),
            content="请相关部门研究落实。",
            by=staff,
        )
    assert list(report.instructions.values_list("level", flat=True)) == ["county", "municipal"]


def test_members_cannot_adopt_their_own_reports(committee, term):
    writer = MemberFactory(committee=committee, term=term, user=UserFactory(committee=committee))
    report = services.social_report_create(
        committee=committee, year=2024, title="x", body="y", authors=[writer], by=writer.user
    )
    services.social_report_submit(report=report, by=writer.user)
    with pytest.raises(PermissionDenied):
        services.social_report_adopt(report=report, by=writer.user)

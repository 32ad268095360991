"""Importing and exporting the member roster (委员名册) from Excel and CSV."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import RecomputeRequest
from assessment.tasks import recompute_members
from members.models import Member, SectorMembership
from members.resources import MemberRosterResource
from members.roster_formats import ROSTER_FORMATS, RosterCSV
from tests.factories.core import MemberFactory, SectorFactory, TermFactory
from tests.members.roster import HEADERS, as_csv, as_xlsx, dataset, roster_rows

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:members_member_import")
CONFIRM_URL = reverse("admin:members_member_process_import")
XLSX, CSV = ROSTER_FORMATS.index(ROSTER_FORMATS[0]), ROSTER_FORMATS.index(RosterCSV)

# Data rows (1 = the first row under the headers) that a clerk got wrong.
UNKNOWN_SECTOR, BAD_DATE, NO_NAME = 17, 88, 150


@pytest.fixture
def roster_committee(committee):
    TermFactory(committee=committee, number=12)
    SectorFactory(committee=committee, name="教育界")
    SectorFactory(committee=committee, name="医药卫生界")
    return committee


def rows_with_three_mistakes(*, dates_as_text=True):
    rows = roster_rows(200, dates_as_text=dates_as_text)
    rows[UNKNOWN_SECTOR - 1][HEADERS.index("界别")] = "火星界"
    rows[BAD_DATE - 1][HEADERS.index("出生日期")] = "1975-13-45"
    rows[NO_NAME - 1][HEADERS.index("姓名")] = ""
    return rows


def upload(client, content: bytes, fmt: int, name: str):
    return client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": str(fmt),
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def reported(result) -> dict[int, dict]:
    return {row.number: row.error_dict for row in result.invalid_rows}


@pytest.mark.parametrize(
    ("fmt", "name", "build"),
    [
        (CSV, "名册.csv", lambda: as_csv(rows_with_three_mistakes())),
        (CSV, "名册-gbk.csv", lambda: as_csv(rows_with_three_mistakes(), encoding="gb18030")),
        (XLSX, "名册.xlsx", lambda: as_xlsx(rows_with_three_mistakes(dates_as_text=False))),
    ],
)
def test_acceptance_a_200_row_roster_with_three_bad_rows(
    staff_client, roster_committee, fmt, name, build
):
    response = upload(staff_client, build(), fmt, name)

    assert response.status_code == 200
    result = response.context["result"]
    errors = reported(result)
    assert sorted(errors) == [UNKNOWN_SECTOR, BAD_DATE, NO_NAME]
    assert errors[UNKNOWN_SECTOR] == {"界别": ["本委员会没有名为“火星界”的界别。"]}
    assert errors[BAD_DATE] == {"出生日期": ["“1975-13-45”不是日期，请按 1975-03-21 的格式填写。"]}
    assert errors[NO_NAME] == {"姓名": ["此列必填。"]}
    assert not result.has_errors()
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "本委员会没有名为“火星界”的界别。" in page
    assert Member.objects.count() == 0

    # Fixed, the same file goes through preview and confirmation.
    rows = roster_rows(200, dates_as_text=(fmt == CSV))
    fixed = as_xlsx(rows) if fmt == XLSX else as_csv(rows)
    preview = upload(staff_client, fixed, fmt, name)
    assert not preview.context["result"].has_validation_errors()
    assert Member.objects.count() == 0
    confirm = preview.context["confirm_form"]
    response = staff_client.post(CONFIRM_URL, {**confirm.initial, "resource": "0"})

    assert response.status_code == 302
    assert Member.objects.filter(committee=roster_committee).count() == 200
    assert SectorMembership.objects.filter(end_date__isnull=True).count() == 200
    sample = Member.objects.get(member_number="017")
    assert (sample.name, sample.sector.name, sample.party, sample.term.number) == (
        "委员17",
        "医药卫生界",
        "cpwdp",  # written 农工党
        12,
    )
    assert sample.sector_periods.get().start_date == datetime.date(2022, 1, 10)
    assert Member.objects.get(member_number="004").term.number == 12  # written 第十二届


def test_the_committee_comes_from_the_importer_never_from_the_file(roster_committee, committee):
    other = TermFactory(number=12).committee
    SectorFactory(committee=other, name="教育界")
    rows = roster_rows(2)

    result = MemberRosterResource(committee=committee).import_data(dataset(rows))

    assert not result.has_validation_errors()
    assert set(Member.objects.values_list("committee", flat=True)) == {committee.pk}
    assert set(Member.objects.values_list("sector__committee", flat=True)) == {committee.pk}


def test_a_sector_of_another_committee_is_unknown(roster_committee, committee):
    SectorFactory(name="外地界")
    rows = roster_rows(1)
    rows[0][HEADERS.index("界别")] = "外地界"
    result = MemberRosterResource(committee=committee).import_data(dataset(rows))
    assert list(reported(result)) == [1]
    assert Member.objects.count() == 0


def test_a_member_number_twice_in_one_file_is_reported_on_the_second_row(
    roster_committee, committee
):
    rows = roster_rows(3)
    rows[2][HEADERS.index("委员编号")] = rows[0][HEADERS.index("委员编号")]
    result = MemberRosterResource(committee=committee).import_data(dataset(rows))
    errors = reported(result)
    assert list(errors) == [3]
    assert "第 1 行" in errors[3]["__all__"][0]
    assert Member.objects.count() == 0


def test_missing_columns_are_named(roster_committee, committee):
    rows = [row[:5] for row in roster_rows(1)]
    result = MemberRosterResource(committee=committee).import_data(dataset(rows, HEADERS[:5]))
    assert result.has_errors()
    assert "界别、党派、工作单位、届次、任职日期" in str(result.base_errors[0].error)
    assert Member.objects.count() == 0


def test_export_writes_the_roster_columns_and_re_imports_unchanged(roster_committee, committee):
    MemberRosterResource(committee=committee).import_data(dataset(roster_rows(3)))
    exported = MemberRosterResource(committee=committee).export(
        Member.objects.filter(committee=committee)
    )
    assert exported.headers[:3] == ["委员编号", "姓名", "性别"]
    first = dict(zip(exported.headers, exported[0], strict=True))
    assert (first["界别"], first["党派"], first["届次"], first["状态"]) == (
        "医药卫生界",
        "民盟",
        "12",
        "在任",
    )

    again = MemberRosterResource(committee=committee).import_data(
        tablib.Dataset().load(exported.export("csv"), format="csv")
    )

    assert not again.has_validation_errors() and not again.has_errors()
    assert again.totals["skip"] == 3
    assert Member.objects.count() == 3


def test_re_importing_a_changed_sector_records_a_move(roster_committee, committee):
    MemberRosterResource(committee=committee).import_data(dataset(roster_rows(1)))
    rows = roster_rows(1)
    rows[0][HEADERS.index("界别")] = "教育界"

    result = MemberRosterResource(committee=committee).import_data(dataset(rows))

    assert result.totals["update"] == 1
    member = Member.objects.get()
    assert member.sector.name == "教育界"
    assert member.sector_periods.count() == 2


def test_staff_export_their_committees_roster_from_the_admin(staff_client, roster_committee):
    MemberRosterResource(committee=roster_committee).import_data(dataset(roster_rows(2)))
    MemberFactory(name="外委员会委员")
    fields = {f"memberrosterresource_{name}": "on" for name in MemberRosterResource._meta.fields}

    response = staff_client.post(
        reverse("admin:members_member_export"), {"resource": "0", "format": str(CSV), **fields}
    )

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("委员编号,姓名,性别")
    assert "委员1" in text and "外委员会委员" not in text


def test_an_account_without_a_committee_cannot_import(superuser_client):
    assert superuser_client.get(IMPORT_URL).status_code == 403


def test_a_rule_of_the_member_record_is_reported_under_its_column(roster_committee, committee):
    rows = roster_rows(2)
    rows[1][HEADERS.index("任职日期")] = "2030-01-01"
    result = MemberRosterResource(committee=committee).import_data(dataset(rows))
    assert reported(result) == {
        2: {"任职日期": ["任职日期必须在本届任期内（2022-01-10 至 2027-01-09）。"]}
    }
    assert Member.objects.count() == 0


def test_the_tables_own_checks_are_reported_on_their_rows_and_nothing_is_saved(
    roster_committee, committee
):
    """Leaving dates are checked for each row before the batch goes to the database, so the
    clerk sees which row is wrong, not one error for the whole file."""
    rows = [row + ["在任", ""] for row in roster_rows(4)]
    rows[1][-2:] = ["辞职", ""]  # resigned, no leaving date
    rows[2][-2:] = ["在任", "2024-06-30"]  # active, yet a leaving date
    rows[3][-1] = "2000-01-01"  # left before joining
    rows[3][-2] = "辞职"
    data = tablib.Dataset(*rows, headers=[*HEADERS, "状态", "离任日期"])
    result = MemberRosterResource(committee=committee).import_data(data)
    errors = reported(result)
    assert sorted(errors) == [2, 3, 4]
    status_rule = {
        "离任日期": ["在任委员不应有离任日期；辞职、更换或撤销资格的委员必须填写离任日期。"]
    }
    assert errors[2] == errors[3] == status_rule
    assert errors[4] == {"离任日期": ["离任日期不能早于任职日期。"]}
    assert Member.objects.count() == 0


def test_the_import_costs_the_same_queries_for_ten_or_forty_new_members(
    roster_committee, committee, django_assert_num_queries
):
    def queries(count: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            result = MemberRosterResource(committee=committee).import_data(
                dataset(roster_rows(count)), dry_run=True
            )
        assert result.totals["new"] == count
        return len(captured)

    ten = queries(10)
    with django_assert_num_queries(ten):
        MemberRosterResource(committee=committee).import_data(dataset(roster_rows(40)))
    assert Member.objects.count() == 40
    assert Member.history.count() == SectorMembership.objects.count() == 40


def test_imported_members_are_queued_for_a_score_recompute(
    roster_committee, committee, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(recompute_members, "apply_async", lambda args, **kw: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        MemberRosterResource(committee=committee).import_data(dataset(roster_rows(3)))
    members = sorted(Member.objects.values_list("pk", flat=True))
    assert sorted(RecomputeRequest.objects.values_list("member_id", flat=True)) == members
    assert [(c, ids) for c, _year, ids in sent] == [(committee.pk, members)]

"""Staff download their committee's yearly figures; nobody else does."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from committees.models import Committee
from reports.views import content_disposition, pdf_response
from tests.factories.core import CommitteeFactory, StaffUserFactory, TermFactory, UserFactory
from tests.factories.meetings import member_of
from tests.factories.proposals import ProposalFactory

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The request's savepoint and its release (ATOMIC_REQUESTS), session, user, then the six
#: queries of the figures.
DOWNLOAD_QUERIES = 10


def pdf_url(committee, year=2024):
    return reverse("reports:figures_pdf", args=[committee.pk, year])


def xlsx_url(committee, year=2024):
    return reverse("reports:figures_xlsx", args=[committee.pk, year])


@pytest.fixture
def county(committee):
    TermFactory(committee=committee)
    ProposalFactory(committee=committee)
    return committee


def pdf_text(response) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_it_gives_staff_the_pdf(staff_client, county, django_assert_num_queries):
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        response = staff_client.get(pdf_url(county))
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response.content.startswith(b"%PDF-")
    assert county.name in pdf_text(response)
    assert "收到提案" in pdf_text(response)
    filename = f"{county.name}2024年度统计数据.pdf"
    assert f"filename*=UTF-8''{quote(filename)}" in response["Content-Disposition"]


def test_it_gives_staff_the_spreadsheet(staff_client, county, django_assert_num_queries):
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        response = staff_client.get(xlsx_url(county))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith(county.name)
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_query_count_does_not_grow_with_the_records(
    staff_client, county, django_assert_num_queries
):
    for _ in range(5):
        member_of(county)
        ProposalFactory(committee=county)
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        assert staff_client.get(pdf_url(county)).status_code == 200


def test_staff_of_the_committee_above_read_the_county(client, county):
    city = CommitteeFactory(level=Committee.Level.MUNICIPAL)
    county.parent = city
    county.save()
    client.force_login(StaffUserFactory(committee=city))
    assert client.get(pdf_url(county)).status_code == 200


@pytest.mark.parametrize("url", [pdf_url, xlsx_url])
def test_another_committees_staff_get_a_404(client, county, url):
    client.force_login(StaffUserFactory(committee=CommitteeFactory()))
    assert client.get(url(county)).status_code == 404


@pytest.mark.parametrize("url", [pdf_url, xlsx_url])
def test_a_member_or_anonymous_visitor_is_sent_to_the_admin_login(client, county, url):
    assert client.get(url(county)).url.startswith(reverse("admin:login"))
    client.force_login(UserFactory(committee=county))  # a member's account, not staff
    response = client.get(url(county))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_unknown_committee_or_year_is_a_404(client, county):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    missing = Committee(pk=987654)
    assert client.get(pdf_url(missing)).status_code == 404
    assert client.get(pdf_url(county, year=1900)).status_code == 404


def test_the_index_lists_the_years_of_each_readable_committee(
    staff_client, county, django_assert_num_queries
):
    CommitteeFactory()  # another committee: not listed
    # savepoint pair, session, user, the user's committee, the committees with their terms'
    # first and last days, and the admin's two permission queries for its navigation.
    with django_assert_num_queries(8):
        response = staff_client.get(reverse("reports:figures_index"))
    assert response.status_code == 200
    assert [row["committee"] for row in response.context["rows"]] == [county]
    assert response.context["rows"][0]["years"][-1] == 2022  # the term started in 2022
    assert pdf_url(county).encode() in response.content
    assert xlsx_url(county).encode() in response.content


def test_the_admin_links_to_the_figures(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert reverse("reports:figures_index").encode() in response.content


def test_a_chinese_file_name_survives_the_download_header():
    header = content_disposition("张三2024年度履职报告.pdf")
    assert header.startswith('attachment; filename="2024_.pdf"; ')  # for old clients
    assert header.endswith("filename*=UTF-8''" + quote("张三2024年度履职报告.pdf"))
    response = pdf_response(b"%PDF-1.4", "张三 履职报告.pdf")
    assert response["Content-Type"] == PDF
    assert "%E5%BC%A0%E4%B8%89%20" in response["Content-Disposition"]

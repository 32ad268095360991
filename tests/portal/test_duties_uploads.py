"""The upload check (committees/uploads.py): a file's type is read from its content, not its
name; too large a file is refused; the file is served only to people who may see the record,
never from a public /media/ address."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.uploads import UploadField, detect_type, validate_upload
from tests.factories.core import UserFactory
from tests.factories.meetings import (
    ResearchReportAuthorFactory,
    ResearchReportFactory,
    member_of,
)

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60


def office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 8, "jpeg"),
        (office("word"), "docx"),
        (office("xl"), "xlsx"),
        (EXE, None),
        (b"PK\x03\x04junk", None),
    ],
)
def test_it_tells_the_type_from_the_content(content, kind):
    assert detect_type(io.BytesIO(content)) == kind


def test_it_refuses_a_program_named_like_a_pdf():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("报告.pdf", EXE))
    assert error.value.code == "file_type"


def test_it_accepts_a_pdf_whatever_its_name(settings):
    validate_upload(upload("report.exe", PDF, "application/octet-stream"))


def test_it_refuses_a_file_over_the_limit_from_settings(settings):
    settings.UPLOAD_MAX_BYTES = 40
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", PDF + b"x" * 100))
    assert error.value.code == "file_too_large"


def test_the_form_field_stores_the_file_under_a_random_name_with_the_real_extension():
    cleaned = UploadField().clean(upload("我的报告.docx", PDF))
    assert cleaned.name.endswith(".pdf") and "我的报告" not in cleaned.name


def test_the_form_field_explains_the_refusal_in_chinese():
    field = UploadField()
    with pytest.raises(ValidationError) as error:
        field.clean(upload("照片.png", EXE))
    assert "文件内容" in error.value.messages[0]


@pytest.fixture
def report_with_file(committee):
    author = member_of(committee, user=UserFactory(committee=committee))
    report = ResearchReportFactory(meeting__committee=committee, committee=committee)
    report.attachment.save("x.pdf", ContentFile(PDF))
    ResearchReportAuthorFactory(report=report, member=author, is_lead=True)
    return report, author


@pytest.mark.django_db
def test_an_author_gets_the_file_with_its_real_type(client, report_with_file):
    report, author = report_with_file
    client.force_login(author.user)
    response = client.get(reverse("my_meetings:report_attachment", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_another_member_is_told_the_file_does_not_exist(client, committee, report_with_file):
    report, _author = report_with_file
    someone = member_of(committee, user=UserFactory(committee=committee))
    client.force_login(someone.user)
    url = reverse("my_meetings:report_attachment", kwargs={"pk": report.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_file_is_not_served_from_a_media_address(client, report_with_file):
    report, author = report_with_file
    client.force_login(author.user)
    assert client.get(f"/media/{report.attachment.name}").status_code == 404

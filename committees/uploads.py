"""Files people upload: checked by their content and size, stored under a name nobody can guess,
and served only by views that first check the person may see the record.

The type is read from the file's first bytes (its "magic number"), never from its name or the
browser's declared content type, both of which the uploader controls. The size limit and the
accepted types are settings (``UPLOAD_MAX_BYTES``, ``UPLOAD_ALLOWED_TYPES``).

- ``validate_upload`` is a plain validator (forms, model fields, services can all use it);
- ``UploadField`` is the form field that runs it and renames the file to a random name with the
  extension of the type found;
- ``upload_response`` streams a stored file back with the type found in its content.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: How many leading bytes are read to recognise a type.
HEAD_BYTES = 8


@dataclass(frozen=True)
class FileType:
    code: str
    extension: str
    content_type: str
    label: str
    #: Shown in the browser (images, PDF) rather than downloaded.
    inline: bool = False


TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "pdf", "application/pdf", "PDF", inline=True),
        FileType("jpeg", "jpg", "image/jpeg", "JPEG", inline=True),
        FileType("png", "png", "image/png", "PNG", inline=True),
        FileType(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (.docx)",
        ),
        FileType(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (.xlsx)",
        ),
        # Word 97-2003 and Excel 97-2003 share one container format; the name tells them apart.
        FileType("ole", "doc", "application/octet-stream", "Word/Excel 97-2003 (.doc/.xls)"),
    )
}

OLE_EXTENSIONS = ("doc", "xls")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(file) -> str | None:
    """Office Open XML files are zip archives; which one is told by the folder inside."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def detect_type(file) -> str | None:
    """The code of the type ``file``'s content shows (see ``TYPES``), or None if none matches.

    Reads from the start and leaves the file positioned at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(_OLE):
        kind = "ole"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
    file.seek(0)
    return kind


def allowed_types() -> list[FileType]:
    return [TYPES[code] for code in settings.UPLOAD_ALLOWED_TYPES]


def validate_upload(file) -> None:
    """Refuse a file that is too large or whose content is not one of the allowed types."""
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files up to %(limit)s are accepted."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if detect_type(file) not in settings.UPLOAD_ALLOWED_TYPES:
        raise ValidationError(
            _(
                "This file's content is not of an accepted type (%(types)s), whatever its "
                "name says."
            ),
            code="file_type",
            params={"types": "、".join(t.label for t in allowed_types())},
        )


class UploadField(forms.FileField):
    """A file field that checks the content and stores the file under a random name."""

    default_validators = [validate_upload]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("%(types)s, up to %(limit)s.")
            % {
                "types": "、".join(t.label for t in allowed_types()),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial and hasattr(file, "content_type"):
            # A fresh upload: the uploader's name is kept nowhere on disk.
            kind = TYPES[detect_type(file)]
            extension = kind.extension
            named = os.path.splitext(file.name)[1].lower().lstrip(".")
            if kind.code == "ole" and named in OLE_EXTENSIONS:
                extension = named
            file.name = f"{uuid.uuid4().hex}.{extension}"
        return file


def upload_response(field_file: FieldFile, *, download_name: str) -> FileResponse:
    """Stream a stored upload with the type its content shows; the caller has checked access."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    code = detect_type(handle)
    kind = TYPES.get(code) if code else None
    extension = os.path.splitext(field_file.name)[1].lstrip(".") or (kind.extension if kind else "")
    response = FileResponse(
        handle,
        as_attachment=not (kind and kind.inline),
        filename=f"{download_name}.{extension}",
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

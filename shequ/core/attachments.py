"""Checking uploaded files before they are kept: the size limit, the allowed kinds, and that the
content really is what its name says (the first bytes of a PDF, an Office file, an image), so a
script renamed `report.pdf` is refused. Files are kept under MEDIA_ROOT, which the application
never serves directly: each download goes through a view that applies the access rule."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput

# extension: (content type, accepted leading bytes)
_PDF = ("application/pdf", (b"%PDF-",))
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
KINDS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": _PDF,
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "webp": ("image/webp", (b"RIFF",)),
}
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "doc", "xls", "jpg", "jpeg", "png")
IMAGE_KINDS = ("jpg", "jpeg", "png", "webp")
MB = 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    extension: str
    content_type: str
    size: int


def check_upload(
    upload: Any, *, allowed: tuple[str, ...], max_mb: int, field: str = "file"
) -> CheckedUpload:
    """Raise InvalidInput (nothing kept) unless the file is one of `allowed`, under the limit,
    and its content matches its extension."""
    if upload is None:
        raise InvalidInput(_("Choose a file."), field=field, code="no_file")
    name = os.path.basename(str(upload.name or "")).strip()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise InvalidInput(
            _("This kind of file is not accepted. Accepted: %(kinds)s.")
            % {"kinds": ", ".join(allowed)},
            field=field,
            code="file_type",
        )
    size = int(upload.size or 0)
    if size == 0:
        raise InvalidInput(_("The file is empty."), field=field, code="file_empty")
    if size > max_mb * MB:
        raise InvalidInput(
            _("The file is larger than %(limit)s MB.") % {"limit": max_mb},
            field=field,
            code="file_size",
        )
    content_type, signatures = KINDS[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures) or (
        extension == "webp" and head[8:12] != b"WEBP"
    ):
        raise InvalidInput(
            _("The file's content does not match its name (.%(ext)s).") % {"ext": extension},
            field=field,
            code="file_content",
        )
    return CheckedUpload(
        name=name[-200:], extension=extension, content_type=content_type, size=size
    )

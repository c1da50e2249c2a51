"""Project documents (contract, plans, reports): checked for kind and size, kept privately,
downloaded through the access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.attachments import DOCUMENT_KINDS, check_upload
from shequ.core.errors import Forbidden, InvalidInput
from shequ.projects.models import DocumentKind, ProjectDocument, ServiceProject
from shequ.projects.permissions import project_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User

MAX_DOCUMENT_MB = 20


def document_add(
    *, by: User, project: ServiceProject, kind: str, title: str, upload: Any
) -> ProjectDocument:
    if not project_caps(by, project).change:
        raise Forbidden(_("You may not add documents to this project."))
    if kind not in DocumentKind.values:
        raise InvalidInput(_("Choose the kind of document."), field="kind")
    checked = check_upload(upload, allowed=DOCUMENT_KINDS, max_mb=MAX_DOCUMENT_MB)
    with transaction.atomic():
        document = ProjectDocument(
            project=project,
            kind=kind,
            title=(title.strip() or checked.name)[:200],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        document.file.save(checked.name, upload, save=False)
        document.save()
        audit_record(
            actor=by, action="project.document", obj=project, detail={"title": document.title}
        )
    return document

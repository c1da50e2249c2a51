from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.errors import Forbidden, InvalidInput
from shequ.divisions.models import Division
from shequ.divisions.selectors import communities_in_reach, division_get
from shequ.imports.engine import ImportSpec, spec_for
from shequ.imports.models import ImportJob, Status
from shequ.imports.permissions import may_import_into
from shequ.imports.reading import MAX_BYTES
from shequ.imports.tasks import commit_import, dispatch, validate_import

if TYPE_CHECKING:
    from shequ.accounts.models import User


def import_targets(*, user: User, spec: ImportSpec) -> list[tuple[str, str]]:
    """Where the user may import rows of this kind: the form's choices."""
    if spec.targets is not None:
        return spec.targets(user)
    return [(c.code, c.name) for c in communities_in_reach(user=user, perm=spec.permission)]


def import_target_resolve(
    *, user: User, spec: ImportSpec, value: str
) -> tuple[Division, int | None]:
    """The division of the job (and the target's id) for a chosen value; 404 if unseen."""
    if spec.resolve is not None:
        return spec.resolve(user, value)
    return division_get(user=user, code=value), None


def _authorize(by: User, spec: ImportSpec, division: Division, target_id: int | None) -> None:
    if spec.authorize is not None:
        spec.authorize(by, division, target_id)
    elif not may_import_into(by, spec, division.code):
        raise Forbidden(_("You may not import into this division."))


def import_start(
    *,
    by: User,
    kind: str,
    division: Division,
    upload: UploadedFile,
    target_id: int | None = None,
) -> ImportJob:
    """Store the upload and check every row in the background (the preview)."""
    spec = spec_for(kind)
    _authorize(by, spec, division, target_id)
    if upload.size and upload.size > MAX_BYTES:
        raise InvalidInput(
            _("The file is %(mb).0f MB; the limit is %(limit)d MB. Split it into smaller files.")
            % {"mb": upload.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024},
            field="file",
            code="too_large",
        )
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            division=division,
            target_id=target_id,
            created_by=by,
            original_name=(upload.name or "upload")[:200],
            file=upload,
        )
        audit_record(actor=by, action=f"{kind}.import_upload", obj=job)
    transaction.on_commit(lambda: dispatch(validate_import, job))
    return job


def import_commit(*, by: User, job: ImportJob) -> ImportJob:
    spec = spec_for(job.kind)
    _authorize(by, spec, job.division, job.target_id)
    if job.status != Status.VALID:
        raise InvalidInput(
            _("Only a file whose every row is valid can be imported."),
            field="file",
            code="not_valid",
        )
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(status=Status.COMMITTING, processed_rows=0)
        audit_record(actor=by, action=f"{job.kind}.import_commit", obj=job)
    transaction.on_commit(lambda: dispatch(commit_import, job))
    job.refresh_from_db()
    return job


def import_retry(*, by: User, job: ImportJob) -> ImportJob:
    """Check a failed job's file again (after the reaper marked it failed, or a bound was
    raised): the same file, a fresh check; nothing is written until it is committed."""
    spec = spec_for(job.kind)
    _authorize(by, spec, job.division, job.target_id)
    if job.status != Status.FAILED:
        raise InvalidInput(
            _("Only a failed import can be retried."), field="file", code="not_failed"
        )
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk, status=Status.FAILED).update(
            status=Status.PENDING,
            message="",
            errors=[],
            error_count=0,
            processed_rows=0,
            worker="",
            heartbeat_at=None,
        )
        audit_record(actor=by, action=f"{job.kind}.import_retry", obj=job)
    transaction.on_commit(lambda: dispatch(validate_import, job))
    job.refresh_from_db()
    return job

"""The local media store, which says so when the disk is full and leaves no partial file.

Django's FileSystemStorage leaves the bytes written so far when a write fails; an upload or a
report that hits a full disk would leave a truncated file behind a database row. This storage
removes the partial file and raises DiskFull (HTTP 507, a message for the user); the
transaction of the upload or report rolls back with it.
"""

from __future__ import annotations

import errno
import logging
import os
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

from shequ.core.errors import AppError

log = logging.getLogger(__name__)
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class DiskFull(AppError):
    status = 507
    default_code = "disk_full"


class MediaStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        try:
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError as exc:
            if exc.errno not in FULL:
                raise
            path = self.path(name)
            if os.path.exists(path):
                os.remove(path)
            log.error("media store full: %s not saved (%s)", name, exc)
            raise DiskFull(
                _(
                    "The server's file storage is full, so nothing was saved. Tell the system "
                    "administrator; then try again."
                )
            ) from exc

"""What a zip bomb costs an import: a valid .xlsx of about 1.8 MB whose first sheet expands to
600 MB (12.8 million rows, the file of the audit in issue 15), checked by
shequ/imports/reading.py as an upload is. Prints the time and memory to refuse it, first with the
default bounds (refused from the zip directory, before reading) and then with the size bounds
lifted (stopped by the row bound while the XML streams), and the same for a legitimate file of
as many rows as the row bound allows (the baseline: what the bound lets a real import cost).

    PYTHONPATH=. .venv/bin/python bench/import_bomb.py
"""

from __future__ import annotations

import io
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402

from bench.measure import peak_rss_mb  # noqa: E402
from shequ.imports.reading import BadFile, count_rows  # noqa: E402
from shequ.imports.tests.test_bounds import zip_bomb  # noqa: E402


def attempt(content: bytes) -> tuple[float, str]:
    started = time.monotonic()
    try:
        rows = count_rows(io.BytesIO(content))
        outcome = f"accepted, {rows} rows"
    except BadFile as exc:
        outcome = f"refused ({exc.code})"
    return time.monotonic() - started, outcome


def main() -> None:
    bomb = zip_bomb(600)
    print(
        f"zip bomb: {len(bomb) / 1e6:.2f} MB file, 600 MB unpacked; peak RSS {peak_rss_mb():.0f} MB"
    )
    seconds, outcome = attempt(bomb)
    print(f"default bounds: {outcome} in {seconds * 1000:.1f} ms; peak RSS {peak_rss_mb():.0f} MB")
    settings.SHEQU_IMPORT_MAX_UNPACKED_MB = 700
    settings.SHEQU_IMPORT_MAX_RATIO = 10**6
    seconds, outcome = attempt(bomb)
    print(f"size bounds lifted: {outcome} in {seconds:.2f} s; peak RSS {peak_rss_mb():.0f} MB")
    limit = int(settings.SHEQU_IMPORT_MAX_ROWS)
    legit = zip_bomb(max(1, limit * 47 // (1 << 20)))  # about `limit` rows of 47 bytes
    seconds, outcome = attempt(legit)
    print(
        f"baseline, a file at the row bound: {outcome} in {seconds:.2f} s; peak RSS {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()

"""A full media disk: a clear error and no partial file (a real, tiny tmpfs)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from shequ.ops.storage import DiskFull, MediaStorage


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "media"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_says_so_and_leaves_no_partial_file(tiny_disk: Path) -> None:
    storage = MediaStorage(location=str(tiny_disk))
    small = storage.save("documents/small.pdf", ContentFile(b"%PDF small"))
    assert storage.open(small).read() == b"%PDF small"
    with pytest.raises(DiskFull) as caught:
        storage.save("documents/big.pdf", ContentFile(b"x" * 500_000))
    assert caught.value.status == 507
    assert caught.value.code == "disk_full"
    assert sorted(p.name for p in (tiny_disk / "documents").iterdir()) == ["small.pdf"]

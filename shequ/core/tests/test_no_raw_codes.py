"""The Chinese interface shows words, not codes (issue 19, point 3): every demo role walks the
pages it can reach from its home, and no visible text holds a stored code (`placement.journal_
approve`, `method:activity`, `grade`) or a lower-case English word outside the known list."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from shequ.accounts.demo import ACCOUNTS
from shequ.accounts.models import User

pytestmark = pytest.mark.django_db

MAX_PAGES = 45  # per role, one page per URL shape (digits folded)
SKIP = re.compile(r"logout|export|\.xlsx|\.pdf|\.csv|download|/api/|/static/|/media/|template")
# what a person may see in lower case in the Chinese interface: units, brands, formats
ALLOWED = {
    "kb",
    "mb",
    "gb",
    "xlsx",
    "csv",
    "pdf",
    "docx",
    "http",
    "https",
    "www",
    "api",
    "id",
    "shequ",
    "am",
    "pm",
    "h",
    "min",
    "km",
    "m",
    "x",
}
CODE = re.compile(r"\b[a-z]+(?:[._][a-z]+)+\b|\b[a-z_]+:[a-z_]+\b")
WORD = re.compile(r"(?<![A-Za-z@./-])[a-z]{2,}(?![A-Za-z@./-])")


class _Text(HTMLParser):
    """The text a person sees, and the links on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre", "noscript"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "noscript") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _raw_codes(text: str, usernames: list[str]) -> set[str]:
    for username in usernames:  # an account's name is what people type to sign in
        text = text.replace(username, " ")
    found = {m.group(0) for m in CODE.finditer(text)}
    found |= {w for w in WORD.findall(text) if w not in ALLOWED}
    return found


@pytest.mark.parametrize("username", [a[0] for a in ACCOUNTS])
def test_no_page_shows_a_raw_code(client_as, username):
    client = client_as(username)
    usernames = sorted(User.objects.values_list("username", flat=True), key=len, reverse=True)
    client.cookies["django_language"] = "zh-hans"
    seen: set[str] = set()
    queue = deque(["/"])
    problems: dict[str, set[str]] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        if _shape(path) in seen:
            continue
        seen.add(_shape(path))
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        visited += 1
        parser = _Text()
        parser.feed(response.content.decode())
        bad = _raw_codes(" ".join(parser.text), usernames)
        if bad:
            problems[path] = bad
        for href in parser.links:
            target = urlsplit(urljoin(path, href))
            if target.netloc or not target.path.startswith("/") or SKIP.search(target.path):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert visited > 1
    assert problems == {}

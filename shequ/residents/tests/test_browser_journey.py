"""In Chromium: search by pinyin initials, open a resident, import a file with errors, fix it,
import it."""

import pytest

from shequ.residents.models import Resident

pytestmark = pytest.mark.browser


def test_search_open_import_fix_import(page, tmp_path, login):
    login(page, "worker_a")

    resident = Resident.objects.filter(
        merged_into__isnull=True, division_id="220102001001"
    ).earliest("pk")
    initials = min(resident.search_keys.values_list("key", flat=True), key=len)
    page.goto("/residents/")
    page.fill("#id_q", initials)
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('s')"
    )  # htmx search as you type, posted: the address holds an opaque key, not the search
    assert initials not in page.url
    page.locator("[data-testid=residents]").get_by_role("link", name=resident.name).first.click()
    page.wait_for_url(f"**/residents/{resident.pk}/")
    assert "********" in page.locator("[data-testid=id-number]").inner_text()
    page.click("[data-testid=unmask]")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=id-number]').innerText.includes('*')"
    )

    from shequ.residents.tests.test_import import BAD, GOOD, xlsx

    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(xlsx(GOOD + BAD[:1]))
    page.goto("/imports/residents/")
    page.select_option("#id_target", "220102001001")
    page.set_input_files("#id_file", str(bad))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-status=invalid]")
    problems = page.locator("[data-testid=problems]").inner_text()
    assert "出生日期" in problems and "5" in problems
    with page.expect_download() as download:
        page.click("[data-testid=rejected]")
    assert download.value.suggested_filename.startswith("rejected-")

    fixed = tmp_path / "台账-改.xlsx"
    fixed_rows = [list(r) for r in BAD[:1]]
    fixed_rows[0][2] = "1990-02-28"
    fixed.write_bytes(xlsx(GOOD + fixed_rows))
    page.goto("/imports/residents/")
    page.select_option("#id_target", "220102001001")
    page.set_input_files("#id_file", str(fixed))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-status=valid]")
    page.click("[data-testid=commit]")
    page.wait_for_selector("[data-testid=done]", timeout=20_000)
    assert "新增 4 人" in page.locator("[data-testid=done]").inner_text()
    assert Resident.objects.filter(name="李四", division_id="220102001001").exists()

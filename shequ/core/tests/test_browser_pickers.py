"""In Chromium, at a phone's size and a desktop's: a resident joins a household from their own
page and a participant joins an activity already recorded, by typing names (characters or
pinyin) and choosing with the keyboard or a tap; no internal number is typed anywhere."""

import pytest

from shequ.core.pinyin import name_keys
from shequ.delivery.models import Activity
from shequ.residents.models import Household, Resident

pytestmark = pytest.mark.browser

A = "220102001001"


def options(page):
    listbox = page.locator('[role="listbox"]:visible')
    listbox.locator('[role="option"]').first.wait_for()
    return listbox.locator('[role="option"]')


def choose_with_keys(page, wanted):
    """Arrow down to the option that holds `wanted`, then Enter."""
    found = options(page)
    texts = found.all_inner_texts()
    index = next(i for i, text in enumerate(texts) if wanted in text)
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    selected = page.locator('[role="option"][aria-selected="true"]')
    assert wanted in selected.inner_text()
    page.keyboard.press("Enter")


@pytest.mark.parametrize("size", ["phone_page", "page"])
def test_household_and_activity_by_names_only(request, login, size):
    page = request.getfixturevalue(size)
    phone = size == "phone_page"
    login(page, "worker_a")

    # 1. the resident's page: 未加入家庭户, then added to a household found by its number
    person = Resident.objects.filter(
        division_id=A, household__isnull=True, merged_into__isnull=True
    ).earliest("pk")
    household = Household.objects.filter(division_id=A).earliest("pk")
    page.goto(f"/residents/{person.pk}/")
    box = page.locator("#id_household")
    assert box.get_attribute("role") == "combobox"
    box.focus()
    page.keyboard.type(household.number)
    choose_with_keys(page, household.number)
    assert box.get_attribute("aria-expanded") == "false"
    page.locator("#id_relation").select_option("child")
    page.locator("[data-testid=join-submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    person.refresh_from_db()
    assert person.household_id == household.pk
    assert household.number in page.locator("main").inner_text()

    # 2. an activity already recorded: one more participant, found by pinyin
    activity = Activity.objects.get(theme="重阳节敬老游园会")
    newcomer = (
        Resident.objects.filter(division_id=A, merged_into__isnull=True)
        .exclude(pk__in=activity.participants.values("resident_id"))
        .exclude(pk=person.pk)
        .earliest("pk")
    )
    page.goto(f"/delivery/activities/{activity.pk}/")
    count = int(page.locator("[data-testid=participant-count]").inner_text())
    search = page.locator("#id_resident")
    search.focus()
    page.keyboard.type(max(name_keys(newcomer.name), key=len))  # the full pinyin
    if phone:
        options(page).filter(has_text=newcomer.id_number_masked).first.tap()
    else:
        choose_with_keys(page, newcomer.id_number_masked)
    assert search.input_value() == newcomer.name
    assert newcomer.id_number_masked in page.locator("[data-testid=add-participant]").inner_text()
    search.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the list is closed: Enter sends the form
    assert int(page.locator("[data-testid=participant-count]").inner_text()) == count + 1
    assert activity.participants.filter(resident=newcomer).exists()
    assert newcomer.name in page.locator("[data-testid=participants]").inner_text()

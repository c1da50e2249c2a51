"""In Chromium: a district officer creates a project with its targets; the agency's social
worker forms a group under it, records a session with attendance, and sees the indicators
move."""

from datetime import date, timedelta

import pytest

from shequ.projects.models import ServiceProject
from shequ.residents.models import Resident

pytestmark = pytest.mark.browser


def actual(page, metric):
    return page.locator(f"tr[data-metric={metric}] [data-testid=actual]").inner_text().strip()


def test_create_a_project_record_a_session_see_the_indicator_move(page, browser_world, login):
    world = browser_world
    login(page, "district")
    page.goto("/projects/")
    page.click("[data-testid=new-project]")
    page.fill("#id_number", "NG-2026-050")
    page.fill("#id_name", "东岭社区长者互助小组项目")
    page.select_option("#id_buyer", str(world.org("nanguan_bureau").pk))
    page.select_option("#id_provider", str(world.org("agency").pk))
    page.fill("#id_amount", "50000.005")
    page.fill("#id_start_date", (date.today() - timedelta(days=10)).isoformat())
    page.fill("#id_end_date", (date.today() + timedelta(days=200)).isoformat())
    page.check("input[name=areas][value=elderly_selfcare]")
    page.check("input[name=communities][value='220102001001']")
    page.fill("#id_target_group_sessions", "10")
    page.fill("#id_target_people_served", "20")
    page.click("[data-testid=save]")
    # more than two decimals: a clear message, nothing lost, nothing saved
    assert "两位小数" in page.locator("[data-testid=project-form]").inner_text()
    assert page.input_value("#id_name") == "东岭社区长者互助小组项目"
    assert not ServiceProject.objects.filter(number="NG-2026-050").exists()
    page.fill("#id_amount", "50000.00")
    page.click("[data-testid=save]")
    project = ServiceProject.objects.get(number="NG-2026-050")
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert actual(page, "group_sessions") == "0"
    page.click("[data-testid=logout]")

    login(page, "agency")
    page.goto("/delivery/groups/")
    page.click("[data-testid=new-group]")
    page.select_option("#community", "220102001001")
    page.click("[data-testid=choose-community] button")
    page.fill("#id_name", "长者互助小组")
    page.fill("#id_goal", "增进长者之间的互助")
    page.select_option("#id_project", str(project.pk))
    # the members are picked by typing their names (issue 19): the masked ID tells them apart
    members = Resident.objects.filter(division_id="220102001001", merged_into__isnull=True)
    search = page.locator("#id_members")
    for person in members.order_by("pk")[:3]:
        search.fill(person.name)
        listbox = page.locator('[role="listbox"]:visible')
        listbox.locator('[role="option"]').filter(has_text=person.id_number_masked).first.click()
    page.click("[data-testid=save]")
    page.wait_for_url("**/delivery/groups/*/")
    page.fill("#id_duration_minutes", "90")
    page.uncheck("#id_attendees_2")  # one member did not come
    page.click("[data-testid=save-session]")
    page.wait_for_selector("[data-testid=sessions] td:has-text('2 / 3')")

    page.goto(f"/projects/{project.pk}/")
    assert actual(page, "group_sessions") == "1"
    assert actual(page, "people_served") == "2"
    assert "10.0%" in page.locator("tr[data-metric=people_served]").inner_text()

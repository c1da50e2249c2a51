"""Steps of the protection journeys in Chromium, shared by the browser tests."""

from datetime import date, timedelta

from django.utils import timezone


def file_report(page, world, *, name, gender, years, situation, seen) -> None:
    """As the school: report a child of community A; the page lands on the report."""
    page.goto("/protection/report/")
    page.select_option("#id_community", world.division("community_a").code)
    page.fill("#id_name", name)
    page.select_option("#id_gender", gender)
    page.fill("#id_birth_date", (date.today() - timedelta(days=365 * years)).isoformat())
    page.check(f"input[name=situations][value={situation}]")
    page.fill("#id_seen", seen)
    page.fill("#id_seen_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.click("[data-testid=submit-report]")
    page.wait_for_url("**/protection/reports/*/")


def convene(page, world, *, title, case, resolution, owner, due_on: date) -> str:
    """As the street's convener: a joint meeting of the school and the police on `case`, with
    one resolution owned by `owner` (an organization key of the demo); returns its URL."""
    page.goto("/protection/meetings/")
    page.click("[data-testid=new-meeting]")
    page.select_option("#id_division", world.division("ziqiang").code)
    page.select_option("#id_convener", str(world.org("ziqiang_office").pk))
    page.fill("#id_title", title)
    page.check(f"input[name=members][value='{world.org('school').pk}']")
    page.check(f"input[name=members][value='{world.org('police').pk}']")
    page.check(f"input[name=cases][value='{case.pk}']")
    page.click("[data-testid=save]")
    page.wait_for_url("**/protection/meetings/*/")
    page.fill("#id_resolution", resolution)
    page.select_option("#id_owner", str(world.org(owner).pk))
    page.fill("#id_due_on", due_on.isoformat())
    page.click("[data-testid=add-resolution]")
    page.wait_for_selector(f"[data-testid=tasks] td:has-text('{resolution}')")
    return str(page.url)

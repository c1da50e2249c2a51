from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.volunteers.models import Volunteer
from shequ.volunteers.tests.test_services import id_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("path", ["volunteers", "volunteer-activities"])
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


def test_register_organize_sign_up_check_in_out_confirm(api_as, world):
    community_a = world.division("community_a").code
    status, volunteer = api_as("worker_a").post(
        "volunteers",
        {
            "community_code": community_a,
            "name": "孙志愿",
            "id_number": id_for(25),
            "phone": "13800001111",
        },
    )
    assert status == 201 and "*" in volunteer["id_number_masked"]
    assert id_for(25) not in str(volunteer)
    assert api_as("worker_b").get(f"volunteers/{volunteer['id']}")[0] == 404
    assert volunteer["id"] not in [v["id"] for v in api_as("worker_k").get("volunteers")[1]]
    status, body = api_as("worker_a").post(
        "volunteers",
        {"community_code": community_a, "name": "小志愿", "id_number": id_for(12, "126")},
    )
    assert status == 400 and body["code"] == "too_young"

    start = timezone.now() - timedelta(minutes=10)
    status, activity = api_as("worker_a").post(
        "volunteer-activities",
        {
            "organizer_id": world.org("community_a_committee").pk,
            "community_code": community_a,
            "title": "社区清扫",
            "content": "清理楼道杂物",
            "place": "东岭社区3号楼",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "capacity": 5,
        },
    )
    assert status == 201
    path = f"volunteer-activities/{activity['id']}"
    assert api_as("worker_b").post(f"{path}/open", {})[0] == 404
    assert api_as("worker_a").post(f"{path}/open", {})[1]["status"] == "open"
    status, signup = api_as("worker_a").post(f"{path}/signups", {"volunteer_id": volunteer["id"]})
    assert status == 201
    # the volunteer has an account: they act on their own sign-up
    Volunteer.objects.filter(user=world.user("volunteer")).update(user=None)
    Volunteer.objects.filter(pk=volunteer["id"]).update(user=world.user("volunteer"))
    assert api_as("worker_a").post(f"signups/{signup['id']}/decide", {"approve": True})[0] == 200
    code = api_as("worker_a").get(f"{path}/code")[1]["code"]
    assert api_as("volunteer").get(f"{path}/code")[0] == 403
    status, body = api_as("volunteer").post(f"signups/{signup['id']}/check-in", {"code": "x"})
    assert status == 400 and body["code"] == "bad_code"
    assert api_as("volunteer").post(f"signups/{signup['id']}/check-in", {"code": code})[0] == 200
    status, body = api_as("volunteer").post(f"signups/{signup['id']}/check-out", {"code": code})
    assert status == 400 and body["code"] == "short"  # a minute after the check-in: confirm
    status, body = api_as("volunteer").post(
        f"signups/{signup['id']}/check-out", {"code": code, "confirm_short": True}
    )
    assert status == 200 and body["hours"] is not None
    assert api_as("worker_b").post(f"signups/{signup['id']}/confirm", {})[0] == 404
    status, body = api_as("worker_a").post(f"signups/{signup['id']}/confirm", {})
    assert status == 200 and body["confirmed"]
    status, body = api_as("volunteer").get(f"volunteers/{volunteer['id']}/hours")
    assert status == 200


def test_registration_page(client_as, world):
    client = client_as("worker_a")
    client.cookies["django_language"] = "en"
    form = {
        "community": world.division("community_a").code,
        "name": "吴志愿",
        "id_type": "resident",
        "id_number": id_for(16, "127"),
        "skills": "摄影，写作",
    }
    response = client.post("/volunteers/register/", form)
    assert "guardian" in response.content.decode() and response.status_code == 200
    assert response.context["form"]["name"].value() == "吴志愿"  # nothing typed is lost
    form.update(guardian_name="吴母", guardian_consent="on")
    assert client.post("/volunteers/register/", form).status_code == 302
    volunteer = Volunteer.objects.get(name="吴志愿")
    assert volunteer.skills == ["写作", "摄影"]
    assert client_as("volunteer").get("/volunteers/register/").status_code == 404
    assert client_as("worker_k").post("/volunteers/register/", form).status_code == 200
    assert Volunteer.objects.filter(name="吴志愿").count() == 1

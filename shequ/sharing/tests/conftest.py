import pytest


@pytest.fixture
def closed_case(db):
    """A case of 东岭 closed by the agency's social worker, whose notes name the client and give
    the client's phone."""
    from shequ.accounts.models import User
    from shequ.core import crypto
    from shequ.residents.models import Resident
    from shequ.sharing.demo import close_a_case

    client = (
        Resident.objects.filter(division__name="东岭社区", consent=True, cases__isnull=True)
        .exclude(name="")
        .order_by("id")
        .first()
    )
    phone = crypto.decrypt(client.phone_cipher)
    return close_a_case(
        worker=User.objects.get(username="agency"),
        client=client,
        problem="失业后与家人矛盾增多",
        steps=["家庭沟通不良", "家庭会谈；链接就业服务站", "已就业，家庭关系缓和"],
        notes=[f"{client.name}与妻子一同参加会谈，电话{phone}", f"{client.name}已登记求职"],
    )

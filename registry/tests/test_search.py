import pytest
from django.urls import reverse


def found(world, persona, query):
    response = world.client(persona).get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return [h.address for h in response.context["results"]]


@pytest.mark.parametrize(
    "query", ["张三丰", "三丰", "zsf", "ZSF", "5678", "1-1-101", "1栋1单元101", "一栋一单元一零一"]
)
def test_it_finds_a_household_every_way_a_volunteer_asks(world, query):
    assert found(world, world.admin, query) == ["1栋1单元101"]


def test_it_finds_nothing_outside_the_scope(world):
    assert found(world, world.volunteer, "张三丰") == []
    assert found(world, world.outsider, "zsf") == []
    assert found(world, world.volunteer, "李四") == ["2栋1单元201"]


def test_an_htmx_search_returns_only_the_results(world):
    response = world.client(world.admin).get(
        reverse("search"), {"q": "zsf"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "1栋1单元101" in body
    assert "<html" not in body


def test_a_whole_phone_number_or_a_whole_name_in_pinyin_finds_the_household(world):
    from django.urls import reverse

    client = world.client(world.building_leader)
    for query in ("13812345678", "138 1234 5678", "zhangsanfeng", "zhangsan"):
        results = client.get(reverse("search"), {"q": query}).context["results"]
        assert [h.pk for h in results] == [world.h101.pk], query

def test_it_lists_the_compounds_in_scope(world):
    response = world.client(world.building_leader).get("/api/compounds")
    assert response.status_code == 200
    assert response.json() == [{"id": world.compound.pk, "name": "阳光小区"}]
    assert world.client(world.outsider).get("/api/compounds").json() == [
        {"id": world.other_compound.pk, "name": "别的小区"}
    ]


def test_buildings_come_with_their_figures(world):
    response = world.client(world.admin).get(f"/api/compounds/{world.compound.pk}/buildings")
    data = {b["number"]: b for b in response.json()}
    assert data["1"]["households"] == 1
    assert data["1"]["vulnerable"] == 1
    assert data["1"]["coverage_percent"] == 0


def test_a_household_is_masked(world):
    data = world.client(world.admin).get(f"/api/households/{world.h101.pk}").json()
    assert data["address"] == "1栋1单元101"
    assert data["contact_phone"] == "138****5678"
    assert data["residents"][0]["id_number"] == "4308**1950********"


def test_search_over_the_api(world):
    data = world.client(world.admin).get("/api/search", {"q": "zsf"}).json()
    assert [h["address"] for h in data] == ["1栋1单元101"]


def test_errors_are_json_a_person_can_read(world):
    client = world.client(world.admin)
    missing = client.get("/api/households/999999")
    assert missing.status_code == 404
    assert "范围" in missing.json()["detail"]
    bad = client.get("/api/households/abc")
    assert bad.status_code == 422
    assert "household_id" in bad.json()["detail"]
    empty = client.get("/api/search", {"q": ""})
    assert empty.status_code == 422


def test_parse_address_over_the_api(world):
    data = (
        world.client(world.admin).get("/api/parse-address", {"text": "静园巷13号1单元103"}).json()
    )
    assert data == {"street": "静园巷", "building": "13", "unit": "1", "room": "103"}


def test_the_openapi_schema_is_published_to_staff(world):
    assert world.client(None).get("/api/openapi.json").status_code == 302
    response = world.client(world.volunteer).get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/households/{household_id}" in response.json()["paths"]


def test_the_api_docs_are_behind_login_and_load_only_linlis_own_scripts(world):
    import re

    assert world.client(None).get("/api/docs").status_code == 302
    response = world.client(world.volunteer).get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle" in s for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources

import json

from helpdesk.models import Request


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_a_household_submits_with_its_token_and_a_retry_is_not_a_duplicate(world, groups):
    client = world.client(None)
    url = f"/api/households/{world.h201.access_token}/requests"
    data = {"category": "medicine", "urgency": "normal", "text": "降压药吃完了"}
    first = post(client, url, data, **{"Idempotency-Key": "phone-7f3a"})
    again = post(client, url, data, **{"Idempotency-Key": "phone-7f3a"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Request.objects.count() == 1
    assert first.json()["items"] == ["降压药"]


def test_staff_submit_claim_and_close_over_the_api(world, groups):
    client = world.client(world.volunteer)
    data = {"household_id": world.h201.pk, "category": "medicine", "text": "要布洛芬"}
    created = post(client, "/api/requests", data)
    assert created.status_code == 201
    pk = created.json()["id"]
    assert [r["id"] for r in client.get("/api/requests/pool").json()] == [pk]
    assert client.post(f"/api/requests/{pk}/claim").status_code == 200
    second = world.client(world.admin).post(f"/api/requests/{pk}/claim")
    assert second.status_code == 409
    assert "认领" in second.json()["detail"]
    closed = post(client, f"/api/requests/{pk}/close", {"outcome": "fulfilled", "reply": "已送达"})
    assert closed.json()["status"] == "done"
    assert closed.json()["replies"] == ["已送达"]


def test_bad_input_gets_a_clear_4xx(world, groups):
    client = world.client(world.admin)
    unknown = post(
        client, "/api/requests", {"household_id": 999999, "category": "food", "text": "米"}
    )
    assert unknown.status_code == 404
    assert "范围" in unknown.json()["detail"]
    no_category = post(client, "/api/requests", {"household_id": world.h201.pk, "text": "米"})
    assert no_category.status_code == 422
    assert "category" in no_category.json()["detail"]
    wrong = post(
        client, "/api/requests", {"household_id": world.h201.pk, "category": "pizza", "text": "米"}
    )
    assert wrong.status_code == 422
    data = {"household_id": world.h201.pk, "category": "food", "text": "米" * 10_000_000}
    huge = post(client, "/api/requests", data)
    assert huge.status_code in (400, 413, 422)
    assert Request.objects.count() == 0
    bad_token = post(
        world.client(None), "/api/households/nope/requests", {"category": "food", "text": "米"}
    )
    assert bad_token.status_code == 404


def test_a_volunteer_cannot_reach_another_buildings_request(world, groups):
    admin = world.client(world.admin)
    other = post(admin, "/api/requests", {"household_id": world.h101.pk, "category": "medicine",
                                          "text": "药"}).json()["id"]  # fmt: skip
    client = world.client(world.volunteer)
    assert client.get(f"/api/requests/{other}").status_code == 404
    assert client.post(f"/api/requests/{other}/claim").status_code == 404
    assert other not in [r["id"] for r in client.get("/api/requests/pool").json()]


def test_parse_message_over_the_api(world):
    response = post(world.client(world.admin), "/api/parse-message", {"text": "3-2-501 抗原两道杠"})
    assert response.json()["category"] == "medical"
    assert response.json()["urgent"] is True


def test_the_pool_lists_what_a_volunteer_needs_to_choose(world, groups):
    post(world.client(None), f"/api/households/{world.h201.access_token}/requests",
         {"category": "medicine", "urgency": "urgent", "text": "胰岛素快用完了"})  # fmt: skip
    [line] = world.client(world.volunteer).get("/api/requests/pool").json()
    assert line["household"] == world.h201.address == "2栋1单元201"
    assert (line["floor"], line["category"], line["urgency"]) == (2, "medicine", "urgent")
    assert line["text"] == "胰岛素快用完了"
    assert "胰岛素" in line["items"][0]
    schema = world.client(world.volunteer).get("/api/openapi.json").json()
    assert "PoolItemOut" in schema["components"]["schemas"]
    assert "/api/requests/pool" in schema["paths"]


def test_text_with_a_nul_is_refused_and_bidi_controls_are_dropped(world, groups):
    client = world.client(world.admin)
    url = "/api/requests"
    data = {"household_id": world.h201.pk, "category": "food"}
    assert post(client, url, {**data, "text": "要米\x00"}).status_code == 422
    created = post(client, url, {**data, "text": "要米\u202e8765"})
    assert created.status_code == 201
    assert Request.objects.get().text == "要米8765"


def test_a_reply_of_only_a_line_break_is_refused_by_the_schema(world, groups):
    client = world.client(world.admin)
    data = {"household_id": world.h201.pk, "category": "food", "text": "要米"}
    item = post(client, "/api/requests", data).json()
    closed = post(
        client, f"/api/requests/{item['id']}/close", {"outcome": "fulfilled", "reply": "\n"}
    )
    assert closed.status_code == 422
    schema = client.get("/api/openapi.json").json()
    close = schema["paths"]["/api/requests/{request_id}/close"]["post"]
    assert {"200", "401", "404", "409", "422"} <= set(close["responses"])


def test_a_name_typed_with_a_direction_override_is_stored_plain(world):
    from django.urls import reverse

    world.client(world.building_leader).post(
        reverse("resident_edit", args=[world.h101.pk, world.zhang.pk]),
        {"name": "张\u202e三丰", "relation": "户主"},
    )
    world.zhang.refresh_from_db()
    assert world.zhang.name == "张三丰"


def test_the_schemas_codes_are_the_models_choices(world):
    from helpdesk.models import Category, Outcome, Urgency

    schema = world.client(world.admin).get("/api/openapi.json").json()["components"]["schemas"]
    assert schema["Category"]["enum"] == Category.values
    assert schema["Urgency"]["enum"] == Urgency.values
    assert schema["Outcome"]["enum"] == Outcome.values

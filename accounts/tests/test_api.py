def test_me_says_who_is_logged_in(world):
    response = world.client(world.volunteer).get("/api/me")
    assert response.json() == {
        "id": world.volunteer.pk, "name": "志愿者", "role": "volunteer", "leads": False,
    }  # fmt: skip
    assert world.client(world.admin).get("/api/me").json()["leads"] is True


def test_me_needs_a_login(world):
    response = world.client(None).get("/api/me")
    assert response.status_code == 401
    assert "登录" in response.json()["detail"]

"""Sessions are read with a hand-written query: every way a session ends must still end it."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.sessions import SessionStore


def test_a_session_is_read_back_with_what_it_holds(db):
    store = SessionStore()
    store["note"] = "楼长"
    store.save()
    assert SessionStore(store.session_key)["note"] == "楼长"


def test_an_unknown_session_key_reads_as_empty(db):
    store = SessionStore("no-such-session-key-0123456789ab")
    assert store.load() == {}
    assert store.session_key is None


def test_logout_ends_access_for_a_copied_cookie(world):
    client = world.client(world.volunteer)
    stolen = client.cookies["sessionid"].value
    assert client.get("/api/me").status_code == 200
    client.post("/logout/")
    client.cookies["sessionid"] = stolen
    assert client.get("/api/me").status_code == 401


def test_an_expired_session_gives_no_access(world):
    client = world.client(world.volunteer)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/api/me").status_code == 401


def test_a_deactivated_volunteer_is_out_at_once(world):
    client = world.client(world.volunteer)
    assert client.get("/api/me").status_code == 200
    world.volunteer.is_active = False
    world.volunteer.save()
    assert client.get("/api/me").status_code == 401


def test_a_changed_password_ends_other_sessions(world):
    client = world.client(world.volunteer)
    world.volunteer.set_password("a-new-password-2022")
    world.volunteer.save()
    assert client.get("/api/me").status_code == 401


def test_a_deleted_account_is_out(world):
    client = world.client(world.volunteer)
    world.volunteer.delete()
    assert client.get("/api/me").status_code == 401

"""Standing personas for the tests, like healthchecks' Alice, Bob and Charlie.

One small world: 阳光小区 with two grids and three buildings, and 别的小区 next door. Each role
has a persona with a scope inside it, and an outsider who administers the other compound.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import Role, User
from lib.identity import id_check_digit
from registry.models import Building, Compound, Grid, Household, Resident, Unit

PASSWORD = "correct horse battery"


def valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


@dataclass
class World:
    compound: Compound
    other_compound: Compound
    grid1: Grid
    grid2: Grid
    b1: Building
    b2: Building
    b3: Building
    other_building: Building
    h101: Household  # building 1
    h201: Household  # building 2
    h301: Household  # building 3
    other_household: Household
    zhang: Resident  # in h101
    admin: User
    group_leader: User
    grid_leader: User  # grid 1: buildings 1 and 2
    building_leader: User  # building 1
    volunteer: User  # building 2
    medical: User
    outsider: User  # admin of the other compound

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def _household(unit: Unit, room: str, phone: str) -> Household:
    return Household.objects.create(
        unit=unit, room=room, floor=int(room[:-2]), contact_phone=phone,
        access_token=Household.new_token(),
    )  # fmt: skip


def _user(phone: str, name: str, role: Role, **scope: object) -> User:
    user = User.objects.create_user(phone, PASSWORD, name=name, role=role)
    for field, values in scope.items():
        getattr(user, field).set(values)
    return user


def build_world() -> dict[str, int]:
    """The standing world, written to the database; the pk of everything in it."""
    compound = Compound.objects.create(name="阳光小区")
    other = Compound.objects.create(name="别的小区")
    grid1 = Grid.objects.create(compound=compound, name="第一网格")
    grid2 = Grid.objects.create(compound=compound, name="第二网格")
    b1 = Building.objects.create(compound=compound, grid=grid1, number="1", floors=6)
    b2 = Building.objects.create(compound=compound, grid=grid1, number="2", floors=6)
    b3 = Building.objects.create(compound=compound, grid=grid2, number="3", floors=6)
    ob = Building.objects.create(compound=other, number="1", floors=6)
    h101 = _household(Unit.objects.create(building=b1, number="1"), "101", "13812345678")
    h201 = _household(Unit.objects.create(building=b2, number="1"), "201", "13912340000")
    h301 = _household(Unit.objects.create(building=b3, number="2"), "501", "13712349999")
    oh = _household(Unit.objects.create(building=ob, number="1"), "101", "13612341111")
    zhang = Resident(household=h101, relation="户主", phone="13812345678", notes="")
    zhang.set_name("张三丰")
    zhang.set_id_number(valid_id("43080219500307101"))
    zhang.set_tags(["elderly_alone", "diabetes"])
    zhang.save()
    for household, person in ((h201, "李四"), (h301, "王五"), (oh, "赵六")):
        resident = Resident(household=household)
        resident.set_name(person)
        resident.save()
    world = World(
        compound=compound, other_compound=other, grid1=grid1, grid2=grid2,
        b1=b1, b2=b2, b3=b3, other_building=ob,
        h101=h101, h201=h201, h301=h301, other_household=oh, zhang=zhang,
        admin=_user("13800000001", "管理员", Role.COMMUNITY_ADMIN, compounds=[compound]),
        group_leader=_user("13800000002", "组长", Role.GROUP_LEADER, compounds=[compound]),
        grid_leader=_user("13800000003", "网格长", Role.GRID_LEADER, grids=[grid1]),
        building_leader=_user("13800000004", "楼长", Role.BUILDING_LEADER, buildings=[b1]),
        volunteer=_user("13800000005", "志愿者", Role.VOLUNTEER, buildings=[b2]),
        medical=_user("13800000006", "医生", Role.MEDICAL_ADVISER, compounds=[compound]),
        outsider=_user("13800000009", "外人", Role.COMMUNITY_ADMIN, compounds=[other]),
    )  # fmt: skip
    return {f.name: getattr(world, f.name).pk for f in fields(World)}


def load_world(pks: dict[str, int]) -> World:
    """Fresh objects for one test, read from the standing world's rows."""
    models: dict[str, Any] = {
        "Compound": Compound, "Grid": Grid, "Building": Building, "Household": Household,
        "Resident": Resident, "User": User,
    }  # fmt: skip
    values = {f.name: models[str(f.type)].objects.get(pk=pks[f.name]) for f in fields(World)}
    return World(**values)


@pytest.fixture(scope="session")
def standing_world(django_db_setup: None, django_db_blocker: Any) -> dict[str, int]:
    """The personas and their world, written once for the whole run."""
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(db: None, standing_world: dict[str, int]) -> World:
    # A test that empties the database after itself (the browser's) takes the world with it:
    # then each test builds its own again, inside its own transaction.
    if not Compound.objects.filter(pk=standing_world["compound"]).exists():
        return load_world(build_world())
    return load_world(standing_world)


@pytest.fixture
def empty(db: None) -> None:
    """A test that needs the database without the standing world (the demo's own counts)."""
    User.objects.all().delete()
    Compound.objects.all().delete()


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Fast hashing for every persona and login of the run, the standing world's included.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clear_cache() -> None:
    """Counters kept in the cache (wrong household links) start from nothing in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings: object) -> None:
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def sqlite_file_env(tmp_path: Path) -> dict[str, str]:
    """The environment for other processes on one migrated SQLite file, as `make run` has it."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'linli.sqlite3'}",
        LINLI_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="linli.settings",
    )
    subprocess.run([sys.executable, "-m", "linli.cli", "migrate", "-v0"], env=env, check=True)
    return env


@pytest.fixture
def postgres_env(transactional_db: None) -> dict[str, str]:
    """The environment for other processes on the test run's PostgreSQL database."""
    from django.db import connection

    settings = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=(
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        ),
        DJANGO_SETTINGS_MODULE="linli.settings",
    )
    return env

"""A realistic demo compound, sized from real lockdowns (shared SCALE.md: 万州 富民花园).

20 stair-only buildings, 68 units, about 950 households and 2,000 residents in 5 grids, with
about 140 volunteers. Chinese names, plausible phone and ID numbers (valid check digits),
vulnerable residents in realistic shares. The same seed always gives the same compound.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from lib.address import floor_of
from lib.chinese import full_pinyin, pinyin_initials
from lib.identity import id_check_digit
from registry.models import (
    Building,
    BuildingAlias,
    Compound,
    Grid,
    Household,
    LockdownState,
    Resident,
    Tag,
    Unit,
    ZoneLevel,
)

DEMO_COMPOUND = "富民花园"
DEMO_PASSWORD = "linli2022"
DEMO_LOGINS = [
    ("13900000001", "周文静", Role.COMMUNITY_ADMIN),
    ("13900000002", "陈建国", Role.GROUP_LEADER),
    ("13900000003", "刘海燕", Role.GRID_LEADER),
    ("13900000004", "欧阳文言", Role.BUILDING_LEADER),
    ("13900000005", "李晓明", Role.VOLUNTEER),
    ("13900000006", "黄医生", Role.MEDICAL_ADVISER),
    ("13900000007", "王芳", Role.VOLUNTEER),
    ("13900000008", "林小雨", Role.GROUP_BUY_LEADER),
]

DEMO_VOLUNTEER = "13900000005"
DEMO_GATE = "13900000007"  # the volunteer at the receiving point: serves the whole compound
DEMO_GROUP_BUY = "13900000008"  # the young 团长 of seed 002


def demo_household() -> Household | None:
    """The household whose link `make run` prints: in the printed volunteer's building, so
    that what it asks for shows in that volunteer's pool."""
    return (
        Household.objects.filter(
            unit__building__staff__phone=DEMO_VOLUNTEER,
            access_token__isnull=False,
            residents__isnull=False,
        )
        .select_related("unit__building")
        .order_by("pk")
        .first()
    )


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强文丽凤英婷海燕雪梅"
    "淑珍德明春梅晓东国庆家豪子涵浩然梓萱欣怡宇轩一诺思远俊杰佳怡雨桐"
)
STREETS = ["静园巷", "富民路", "王牌路"]
# 万州区 and neighbouring area codes; the checker does not rely on them, real rosters have them.
AREAS = ["500101", "500102", "500233", "500235", "500236", "510722"]


def phone(rng: random.Random) -> str:
    return (
        rng.choice(["13", "15", "18", "17", "19"])
        + str(rng.randint(0, 9))
        + "".join(str(rng.randint(0, 9)) for _ in range(8))
    )


def id_number(rng: random.Random, born: date, sex: str) -> str:
    seq = rng.randint(0, 99) * 10 + (
        rng.choice([1, 3, 5, 7, 9]) if sex == "M" else rng.choice([0, 2, 4, 6, 8])
    )
    first17 = f"{rng.choice(AREAS)}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def name(rng: random.Random, surname: str | None = None) -> str:
    given = GIVEN[rng.randrange(len(GIVEN))]
    if rng.random() < 0.6:
        given += GIVEN[rng.randrange(len(GIVEN))]
    return (surname or rng.choice(SURNAMES)) + given


def birth(rng: random.Random, low: int, high: int) -> date:
    today = date(2022, 9, 1)
    return today - timedelta(days=rng.randint(low * 365, high * 365 + 364))


@transaction.atomic
def build_demo(seed: int = 2022) -> Compound:
    rng = random.Random(seed)
    compound = Compound.objects.create(
        name=DEMO_COMPOUND, community="富民社区", address="重庆市万州区富民路"
    )
    grids = [Grid.objects.create(compound=compound, name=f"第{i}网格") for i in range(1, 6)]
    households: list[Household] = []
    buildings = []
    for number in range(1, 21):
        building = Building.objects.create(
            compound=compound,
            grid=grids[(number - 1) // 4],
            number=str(number),
            floors=rng.choice([6, 7, 7, 7]),
            has_lift=False,
        )
        buildings.append(building)
        if number in (13, 14):
            BuildingAlias.objects.create(building=building, street="静园巷", number=str(number))
        unit_count = 4 if number <= 8 else 3  # 8×4 + 12×3 = 68 units
        for unit_number in range(1, unit_count + 1):
            unit = Unit.objects.create(building=building, number=str(unit_number))
            for floor in range(1, (building.floors or 6) + 1):
                for door in (1, 2):
                    room = f"{floor}{door:02d}"
                    households.append(
                        Household(
                            unit=unit,
                            room=room,
                            floor=floor_of(room),
                            access_token=Household.new_token(),
                        )
                    )
    for household in households:
        roll = rng.random()
        household.status = (
            Household.Status.VACANT
            if roll < 0.04
            else Household.Status.AWAY
            if roll < 0.09
            else Household.Status.OCCUPIED
        )
    Household.objects.bulk_create(households)

    residents: list[Resident] = []
    for household in households:
        if household.status == Household.Status.VACANT:
            continue
        residents.extend(_family(rng, household))
    Resident.objects.bulk_create(residents)
    Household.objects.bulk_update(
        households,
        ["contact_phone", "contact_verified", "proxy_name", "proxy_phone", "proxy_relation",
         "uses_smartphone", "in_chat_group"],
    )  # fmt: skip

    _lockdown(compound, buildings, rng)
    _staff(compound, grids, buildings, rng)
    return compound


def _family(rng: random.Random, household: Household) -> list[Resident]:
    surname = rng.choice(SURNAMES)
    kind = rng.random()
    people: list[tuple[str, date, str, str, list[str]]] = []
    if kind < 0.07:  # an elderly person living alone
        sex = rng.choice("MF")
        people.append((name(rng, surname), birth(rng, 70, 92), sex, "户主", [Tag.ELDERLY_ALONE]))
    elif kind < 0.22:  # an elderly couple whose children live elsewhere
        people.append((name(rng, surname), birth(rng, 62, 85), "M", "户主", [Tag.EMPTY_NEST]))
        people.append((name(rng), birth(rng, 60, 83), "F", "配偶", [Tag.EMPTY_NEST]))
    elif kind < 0.32:  # a single adult
        people.append((name(rng, surname), birth(rng, 22, 55), rng.choice("MF"), "户主", []))
    else:  # a family
        people.append((name(rng, surname), birth(rng, 28, 58), "M", "户主", []))
        people.append((name(rng), birth(rng, 26, 56), "F", "配偶", []))
        if rng.random() < 0.55:
            child_age = rng.randint(0, 17)
            tags: list[str] = [Tag.INFANT] if child_age < 3 else []
            if rng.random() < 0.01:
                tags.append(Tag.CHILD_IN_DIFFICULTY)
            people.append(
                (
                    name(rng, surname),
                    birth(rng, child_age, child_age),
                    rng.choice("MF"),
                    "子女",
                    tags,
                )
            )
        if rng.random() < 0.12:
            people.append((name(rng, surname), birth(rng, 68, 88), rng.choice("MF"), "父母", []))
    residents = []
    for person_name, born, sex, relation, person_tags in people:
        tags = list(person_tags)
        age = 2022 - born.year
        if age >= 45:
            if rng.random() < 0.18:
                tags.append(Tag.HYPERTENSION)
            if rng.random() < 0.08:
                tags.append(Tag.DIABETES)
            if rng.random() < 0.004:
                tags.append(Tag.DIALYSIS)
            if rng.random() < 0.004:
                tags.append(Tag.CHEMOTHERAPY)
        if rng.random() < 0.015:
            tags.append(Tag.DISABLED)
        due = None
        if sex == "F" and 24 <= age <= 38 and rng.random() < 0.05:
            tags.append(Tag.PREGNANT)
            due = timezone.localdate() + timedelta(days=rng.randint(10, 200))
        resident = Resident(
            household=household,
            name=person_name,
            name_initials=pinyin_initials(person_name),
            name_pinyin=full_pinyin(person_name),
            relation=relation,
            sex=sex,
            birth_date=born,
            id_number=id_number(rng, born, sex) if rng.random() < 0.9 else "",
            phone=phone(rng) if age >= 14 and rng.random() < 0.92 else "",
            tags=[str(t) for t in tags],
            vulnerable=bool(tags),
            due_date=due,
        )
        residents.append(resident)
    elderly_only = all(2022 - r.birth_date.year >= 60 for r in residents if r.birth_date)
    household.contact_phone = next((r.phone for r in residents if r.phone), "")
    household.contact_verified = bool(household.contact_phone) and rng.random() < 0.86
    household.uses_smartphone = not (elderly_only and rng.random() < 0.55)
    household.in_chat_group = household.uses_smartphone and rng.random() < 0.8
    if elderly_only and rng.random() < 0.7:
        household.proxy_name = name(rng, residents[0].name[0])
        household.proxy_phone = phone(rng)
        household.proxy_relation = rng.choice(["儿子", "女儿", "侄子"])
    return residents


def _lockdown(compound: Compound, buildings: list[Building], rng: random.Random) -> None:
    now = timezone.now()
    LockdownState.objects.create(
        compound=compound,
        level=ZoneLevel.CONTROLLED,
        since=now - timedelta(days=6),
        planned_end=timezone.localdate() + timedelta(days=8),
        note="7天",
    )
    for building in rng.sample(buildings, 3):
        LockdownState.objects.create(
            compound=compound,
            building=building,
            level=ZoneLevel.CONTROLLED,
            since=now - timedelta(days=6),
        )
        LockdownState.objects.create(
            compound=compound,
            building=building,
            level=ZoneLevel.SEALED,
            since=now - timedelta(days=3),
            planned_end=timezone.localdate() + timedelta(days=11),
            note="7+7",
        )


def _staff(
    compound: Compound, grids: list[Grid], buildings: list[Building], rng: random.Random
) -> None:
    password = make_password(DEMO_PASSWORD)
    for phone_number, person, role in DEMO_LOGINS:
        user = User.objects.create(phone=phone_number, name=person, role=role, password=password)
        if role in (Role.COMMUNITY_ADMIN, Role.GROUP_LEADER, Role.MEDICAL_ADVISER,
                    Role.GROUP_BUY_LEADER):  # fmt: skip
            user.compounds.add(compound)
        elif phone_number == DEMO_GATE:
            user.compounds.add(compound)
        elif role == Role.GRID_LEADER:
            user.grids.add(grids[0])
        elif role == Role.BUILDING_LEADER:
            user.buildings.add(buildings[0])
        else:
            user.buildings.add(buildings[1])
    # Grid leaders for the other grids, a leader for every other building, and volunteers,
    # about 0.15 per household.
    used = {p for p, _, _ in DEMO_LOGINS}
    users: list[tuple[User, str, Grid | Building]] = []

    def new_phone() -> str:
        while (number := phone(rng)) in used:
            pass
        used.add(number)
        return number

    for grid in grids[1:]:
        users.append(
            (
                User(phone=new_phone(), name=name(rng), role=Role.GRID_LEADER, password=password),
                "grid",
                grid,
            )
        )
    for building in buildings[1:]:
        users.append(
            (
                User(
                    phone=new_phone(), name=name(rng), role=Role.BUILDING_LEADER, password=password
                ),
                "building",
                building,
            )
        )
    for index in range(134):
        building = buildings[index % len(buildings)]
        users.append(
            (
                User(phone=new_phone(), name=name(rng), role=Role.VOLUNTEER, password=password),
                "building",
                building,
            )
        )
    User.objects.bulk_create([u for u, _, _ in users])
    grid_links = [
        User.grids.through(user_id=u.pk, grid_id=g.pk) for u, kind, g in users if kind == "grid"
    ]
    building_links = [
        User.buildings.through(user_id=u.pk, building_id=b.pk)
        for u, kind, b in users
        if kind == "building"
    ]
    User.grids.through.objects.bulk_create(grid_links)
    User.buildings.through.objects.bulk_create(building_links)

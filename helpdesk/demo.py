"""Working groups and a morning's requests for the demo compound."""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from helpdesk import actions
from helpdesk.intake import urgency_of
from helpdesk.models import CarePlan, Request
from lib.message import parse_message
from registry.demo import DEMO_VOLUNTEER, demo_household
from registry.models import Compound, Household, Resident
from volunteers.models import WorkingGroup

GROUPS = [
    ("物资保障", ["food", "mother_baby"]),
    ("药品保障", ["medicine"]),
    ("应急处置", ["medical", "emotional"]),
    ("卫生清洁·消杀", ["sanitation", "utility"]),
    ("联络", ["errand", "inquiry", "other"]),
]
MESSAGES = [
    "家里米快吃完了，麻烦帮忙买一袋10斤的大米", "想买两斤鸡蛋、一把青菜，还有一桶食用油",
    "我的降压药快吃完了，能帮忙去药店买吗？硝苯地平", "宝宝的奶粉快没了，要飞鹤3段的",
    "尿不湿用完了，L码的，麻烦帮买一包", "需要买抗原试剂盒，家里一个都没有了",
    "燃气卡没钱了，能帮忙充值吗", "楼下的垃圾好几天没人收了，很臭", "请问明天几点做核酸？",
    "我明天早上8点要去做透析，车安排好了吗", "老人在家摔倒了，起不来，快来人",
    "快递到小区门口了，能帮忙取一下吗", "一个人在家快崩溃了，天天睡不着",
    "我妈有糖尿病，二甲双胍吃完了，有处方", "厨房下水道堵了，能找人修吗",
    "孩子咳嗽，需要买止咳糖浆", "没有卫生纸了，能不能帮买两提",
    "我刚刚被猫抓伤了，要赶紧去医院打疫苗",
]  # fmt: skip


@transaction.atomic
def build_demo_requests(compound: Compound, seed: int = 2022) -> int:
    rng = random.Random(seed)
    volunteers = list(User.objects.filter(role=Role.VOLUNTEER, buildings__compound=compound))
    leader = User.objects.filter(role=Role.GROUP_LEADER, compounds=compound).first()
    groups = []
    for index, (name, categories) in enumerate(GROUPS):
        group = WorkingGroup.objects.create(
            compound=compound, name=name, categories=categories, leader=leader
        )
        group.members.set(volunteers[index :: len(GROUPS)])
        groups.append(group)
    households = list(
        Household.objects.filter(unit__building__compound=compound, residents__isnull=False)
        .distinct()
        .select_related("unit__building__compound")
    )
    admin = User.objects.filter(role=Role.COMMUNITY_ADMIN, compounds=compound).first()
    by_building: dict[int, list[User]] = {}
    volunteer_by_pk = {v.pk: v for v in volunteers}
    for user_id, building_id in User.buildings.through.objects.filter(
        user_id__in=volunteer_by_pk
    ).values_list("user_id", "building_id"):
        by_building.setdefault(building_id, []).append(volunteer_by_pk[user_id])
    created = 0
    for index in range(40):
        text = MESSAGES[index % len(MESSAGES)]
        household = rng.choice(households)
        parsed = parse_message(text)
        request, _ = actions.submit_request(
            household=household, category=parsed.category, urgency=urgency_of(parsed),
            text=text, source=rng.choice(["link", "volunteer", "chat"]), items=list(parsed.items),
        )  # fmt: skip
        # Spread over the morning, and take about half of them along the way.
        earlier = timezone.now() - timedelta(minutes=rng.randint(5, 240))
        Request.objects.filter(pk=request.pk).update(created_at=earlier)
        holders = by_building.get(household.unit.building_id) or volunteers
        roll = rng.random()
        if roll < 0.5 and holders and admin:
            volunteer = rng.choice(holders)
            actions.claim_request(request=request, user=volunteer)
            if roll < 0.3:
                actions.close_request(request=request, user=volunteer, outcome="fulfilled",
                              reply="已送到门口，请查收")  # fmt: skip
        created += 1
    return created + _demo_volunteers_pool(groups)


def _demo_volunteers_pool(groups: list[WorkingGroup]) -> int:
    """The printed volunteer is in the supplies and medicine groups, and the printed household
    and its neighbours have asked for things there: logging in shows the loop at once."""
    volunteer = User.objects.filter(phone=DEMO_VOLUNTEER).first()
    household = demo_household()
    if volunteer is None or household is None:
        return 0
    for group in groups[:2]:
        group.members.add(volunteer)
    neighbours = Household.objects.filter(
        unit__building=household.unit.building, residents__isnull=False
    ).exclude(pk=household.pk).distinct().order_by("pk")[:2]  # fmt: skip
    asks = [
        (household, "medicine", "我的降压药快吃完了，能帮忙买一盒硝苯地平吗"),
        *zip(neighbours, ["food", "food"], ["家里米快吃完了，麻烦帮忙买一袋10斤的大米",
                                            "想买两斤鸡蛋、一把青菜"], strict=False),
    ]  # fmt: skip
    for asker, category, text in asks:
        actions.submit_request(household=asker, category=category, text=text, source="link")
    _demo_care_plans(household)
    return len(asks)


def _demo_care_plans(household: Household) -> None:
    """Daily calls to elderly people living alone in the printed volunteer's building, and a
    dialysis trip: the care page has something to show."""
    building = household.unit.building
    alone = Resident.objects.with_tag("elderly_alone").filter(household__unit__building=building)
    for resident in alone.order_by("pk")[:3]:
        CarePlan.objects.create(
            resident=resident, kind=CarePlan.Kind.CHECK_IN, description="每日问候电话"
        )
    patient = (
        Resident.objects.with_tag("dialysis").filter(household__unit__building__compound=building
                                                     .compound).order_by("pk").first()
    )  # fmt: skip
    if patient is not None:
        CarePlan.objects.create(
            resident=patient, kind=CarePlan.Kind.TRANSPORT, description="透析",
            weekdays=[0, 2, 4], at=time(7, 30),
        )  # fmt: skip

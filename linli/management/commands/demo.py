from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groupbuy.demo import build_demo_group_buys
from health.demo import build_demo_health
from helpdesk.demo import build_demo_requests
from logistics.demo import build_demo_items
from registry.demo import DEMO_COMPOUND, build_demo
from registry.models import Compound, Household, Resident
from sanitation.demo import build_demo_sanitation


class Command(BaseCommand):
    help = (
        "Build the demo compound (富民花园): 20 buildings, ~950 households, ~2,000 residents, "
        "working groups, a morning's help-desk requests, an evening at the gate and a week of "
        "group buying, a day of disinfection and garbage rounds, and this morning's test round."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args: Any, **options: Any) -> None:
        if Compound.objects.filter(name=DEMO_COMPOUND).exists():
            raise CommandError(f"the demo compound {DEMO_COMPOUND} exists already")
        compound = build_demo(seed=options["seed"])
        requests = build_demo_requests(compound, seed=options["seed"])
        items = build_demo_items(compound, seed=options["seed"])
        offers = build_demo_group_buys(compound, seed=options["seed"])
        roster = build_demo_health(compound, seed=options["seed"])
        rounds = build_demo_sanitation(compound, seed=options["seed"])
        households = Household.objects.filter(unit__building__compound=compound).count()
        residents = Resident.objects.filter(household__unit__building__compound=compound).count()
        self.stdout.write(
            f"demo compound {compound.name}: {compound.buildings.count()} buildings, "
            f"{households} households, {residents} residents, {requests} help-desk requests, "
            f"{items} items at the gate, {offers} group-buy offers, "
            f"{rounds} disinfection rounds, a test round of {roster}"
        )

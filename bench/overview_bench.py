"""Compound overview benchmark: queries and render time for a 950- and a 10,000-household compound.

Run through `make bench`. The query count is also asserted by a test
(registry/tests/test_compound.py); here it is shown beside the render time.
"""

from __future__ import annotations

import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from registry.importer import insert_households  # noqa: E402
from registry.models import Building, Compound, Grid, Household, Resident, Unit  # noqa: E402


def build(name: str, buildings: int, units: int, floors: int, seed: int = 1) -> Compound:
    rng = random.Random(seed)
    compound = Compound.objects.create(name=name)
    grids = [Grid.objects.create(compound=compound, name=f"第{i}网格") for i in range(1, 6)]
    for number in range(1, buildings + 1):
        building = Building.objects.create(
            compound=compound, grid=grids[number % 5], number=str(number), floors=floors
        )
        rows = []
        for unit_number in range(1, units + 1):
            unit = Unit.objects.create(building=building, number=str(unit_number))
            for floor in range(1, floors + 1):
                for door in (1, 2):
                    rows.append([unit.pk, f"{floor}{door:02d}", floor, "13800000000"])
        insert_households(rows, None)  # not from an import: nothing to undo
    residents = []
    households = Household.objects.filter(unit__building__compound=compound)
    for pk in households.values_list("pk", flat=True):
        for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
            vulnerable = rng.random() < 0.12
            residents.append(
                Resident(household_id=pk, name="某某", tags=["hypertension"] if vulnerable else [],
                         vulnerable=vulnerable)
            )  # fmt: skip
    Resident.objects.bulk_create(residents, batch_size=2000)
    # Most households have a verified contact; the top floor of every unit has not yet.
    Household.objects.filter(
        pk__in=Household.objects.filter(unit__building__compound=compound, floor__lt=floors).values(
            "pk"
        )
    ).update(contact_verified=True)
    return compound


def measure(compound: Compound, runs: int = 7) -> tuple[int, float, int]:
    admin = User.objects.create_user(
        f"1390000{compound.pk:04d}", "bench-password", name="bench", role=Role.COMMUNITY_ADMIN
    )
    admin.compounds.add(compound)
    client = Client()
    client.force_login(admin)
    url = f"/compounds/{compound.pk}/"
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    households = Household.objects.filter(unit__building__compound=compound).count()
    return len(queries), statistics.median(times), households


def main() -> None:
    call_command("migrate", run_syncdb=True, verbosity=0)
    small = build("小区-950", buildings=20, units=3, floors=8)
    large = build("小区-10000", buildings=125, units=4, floors=10)
    print(f"database: {connection.vendor}")
    print("| compound | households | buildings | queries | median render (ms) |")
    print("|---|---:|---:|---:|---:|")
    for compound in (small, large):
        count, seconds, households = measure(compound)
        print(f"| {compound.name} | {households:,} | {compound.buildings.count()} | {count} | "
              f"{seconds * 1000:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()

"""The registry over HTTP (session login, scope-checked, personal data masked)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from accounts.http import staff
from lib.address import parse_address
from linli.api_types import errors
from registry.access import get_compound_for_user, get_household_for_user, visible_compounds
from registry.models import Building, Household, building_figures
from registry.search import search_households

router = Router(tags=["registry"])


class CompoundOut(Schema):
    id: int
    name: str


class BuildingOut(Schema):
    id: int
    number: str
    name: str
    households: int
    residents: int
    vulnerable: int
    coverage_percent: int | None = Field(description="households with a verified contact, %")


class ResidentOut(Schema):
    id: int
    name: str
    phone: str = Field(description="masked")
    id_number: str = Field(description="masked: only the birth year shows")
    sex: str
    relation: str
    tags: list[str]


class HouseholdOut(Schema):
    id: int
    address: str
    building: str
    unit: str
    room: str
    floor: int | None
    status: str
    contact_phone: str = Field(description="masked")
    contact_verified: bool
    residents: list[ResidentOut]


class AddressOut(Schema):
    street: str | None
    building: str | None
    unit: str | None
    room: str | None


def household_out(household: Household) -> HouseholdOut:
    return HouseholdOut(
        id=household.pk,
        address=household.address,
        building=household.unit.building.number,
        unit=household.unit.number,
        room=household.room,
        floor=household.floor,
        status=household.status,
        contact_phone=household.masked_contact_phone,
        contact_verified=household.contact_verified,
        residents=[
            ResidentOut(
                id=r.pk,
                name=r.name,
                phone=r.masked_phone,
                id_number=r.masked_id_number,
                sex=r.sex,
                relation=r.relation,
                tags=r.tags,
            )
            for r in household.residents.all()
        ],
    )


@router.get("/compounds", response={200: list[CompoundOut], **errors()})
def list_compounds(request: HttpRequest) -> list[CompoundOut]:
    return [CompoundOut(id=c.pk, name=c.name) for c in visible_compounds(staff(request))]


@router.get(
    "/compounds/{compound_id}/buildings", response={200: list[BuildingOut], **errors(404, 422)}
)
def list_buildings(request: HttpRequest, compound_id: int) -> list[BuildingOut]:
    user = staff(request)
    compound = get_compound_for_user(user, compound_id)
    figures = building_figures(user.visible_buildings().filter(compound=compound), compound)
    rows = []
    for f in figures:
        assert isinstance(f.place, Building)
        rows.append(
            BuildingOut(
                id=f.place.pk,
                number=f.place.number,
                name=f.place.name,
                households=f.households,
                residents=f.residents,
                vulnerable=f.vulnerable,
                coverage_percent=f.coverage,
            )
        )
    return rows


@router.get("/households/{household_id}", response={200: HouseholdOut, **errors(404, 422)})
def get_household(request: HttpRequest, household_id: int) -> HouseholdOut:
    return household_out(get_household_for_user(staff(request), household_id))


@router.get("/search", response={200: list[HouseholdOut], **errors(422)})
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=100),  # type: ignore[type-arg]
) -> list[HouseholdOut]:
    if not q.strip():
        raise HttpError(422, _("q: give something to search for."))
    return [household_out(h) for h in search_households(staff(request), q)]


@router.get("/parse-address", response={200: AddressOut, **errors(422)})
def parse(
    request: HttpRequest,
    text: str = Query(..., max_length=2000),  # type: ignore[type-arg]
) -> AddressOut:
    return AddressOut(**parse_address(text).as_dict())

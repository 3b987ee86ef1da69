"""Who is logged in: what a phone shows at the top of every screen."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from pydantic import BaseModel

from accounts.capabilities import LEAD, can
from accounts.http import staff
from linli.api_types import errors

router = Router(tags=["accounts"])


class MeOut(BaseModel):
    id: int
    name: str
    role: str
    leads: bool


@router.get("/me", response={200: MeOut, **errors()})
def me(request: HttpRequest) -> MeOut:
    user = staff(request)
    return MeOut(id=user.pk, name=user.name, role=user.role, leads=can(user, LEAD))

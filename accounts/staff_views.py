"""Community admins add staff and volunteers and set what each may see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.actions import save_staff
from accounts.capabilities import MANAGE_STAFF, can
from accounts.forms import StaffForm
from accounts.http import staff
from accounts.models import User


def admin_of(request: HttpRequest) -> User:
    user = staff(request)
    if not can(user, MANAGE_STAFF):
        raise PermissionDenied(_("Only community admins manage staff and volunteers."))
    return user


def staff_for_admin(admin: User, query: str = "") -> list[User]:
    """The people this admin may manage: all of their scope lies in the admin's compounds.

    Nobody manages an account with more power or a wider scope than their own: a superuser
    is managed only by superusers, and someone who also serves another compound is left to
    an admin of both (a password set here would open that compound too).
    """
    people = User.objects.prefetch_related("compounds", "grids", "buildings")
    if not admin.is_superuser:
        compounds = set(admin.scope.compounds)
        people = people.filter(
            Q(compounds__in=compounds)
            | Q(grids__compound__in=compounds)
            | Q(buildings__compound__in=compounds),
            is_superuser=False,
        )
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        found = Q(name__icontains=query)
        if len(digits) >= 4:
            found |= Q(phone__endswith=digits)
        people = people.filter(found)
    people = people.distinct().order_by("role", "name")
    if admin.is_superuser:
        return list(people)
    return [person for person in people if _scope_within(person, compounds)]


def _scope_within(person: User, compounds: set[int]) -> bool:
    return (
        all(c.pk in compounds for c in person.compounds.all())
        and all(g.compound_id in compounds for g in person.grids.all())
        and all(b.compound_id in compounds for b in person.buildings.all())
    )


def get_staff_for_admin(admin: User, pk: int) -> User:
    for person in staff_for_admin(admin):
        if person.pk == pk:
            return person
    raise Http404(_("There is no such person, or you may not manage them."))


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    people = staff_for_admin(admin_of(request), query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/staff_list.html",
        {"people": page, "page": page, "count": len(people), "query": query},
    )  # fmt: skip


@login_required
def staff_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    admin = admin_of(request)
    staff = get_staff_for_admin(admin, pk) if pk is not None else None
    initial = {}
    if staff is not None:
        initial = {
            "phone": staff.phone, "name": staff.name, "role": staff.role,
            "is_active": staff.is_active, "compounds": staff.compounds.all(),
            "grids": staff.grids.all(), "buildings": staff.buildings.all(),
        }  # fmt: skip
    form = StaffForm(request.POST or None, admin=admin, staff=staff, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            saved = save_staff(by=admin, staff=staff, values=form.cleaned_data)
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("staff_list")
        return render(
            request, "accounts/staff_edit.html", {"form": form, "staff": staff}, status=400
        )
    return render(request, "accounts/staff_edit.html", {"form": form, "staff": staff})

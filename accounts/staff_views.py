"""Community admins add staff and volunteers and set what each may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.actions import save_staff
from accounts.forms import StaffForm
from accounts.http import staff
from accounts.models import Role, User


def admin_of(request: HttpRequest) -> User:
    user = staff(request)
    if not (user.is_superuser or user.role == Role.COMMUNITY_ADMIN):
        raise PermissionDenied("只有社区管理员可以管理人员 (community admins only)")
    return user


def staff_for_admin(admin: User) -> list[User]:
    """Everyone whose scope lies in the admin's compounds."""
    if admin.is_superuser:
        people = User.objects.all()
    else:
        compounds = admin.compounds.all()
        people = User.objects.filter(
            Q(compounds__in=compounds)
            | Q(grids__compound__in=compounds)
            | Q(buildings__compound__in=compounds)
        )
    return list(people.distinct().order_by("role", "name"))


def get_staff_for_admin(admin: User, pk: int) -> User:
    for person in staff_for_admin(admin):
        if person.pk == pk:
            return person
    raise Http404("没有这个人，或不在您的范围内 (no such person in your scope)")


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    people = staff_for_admin(admin_of(request))
    return render(request, "accounts/staff_list.html", {"people": people})


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
            save_staff(by=admin, staff=staff, values=form.cleaned_data)
            return redirect("staff_list")
        return render(
            request, "accounts/staff_edit.html", {"form": form, "staff": staff}, status=400
        )
    return render(request, "accounts/staff_edit.html", {"form": form, "staff": staff})

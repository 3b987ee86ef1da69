"""Community admins manage the working groups and who is in them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.capabilities import MANAGE_GROUPS, require
from accounts.http import staff
from accounts.models import User
from registry.access import get_compound_for_user, visible_compounds
from volunteers import actions
from volunteers.forms import WorkingGroupForm
from volunteers.models import WorkingGroup
from volunteers.work import work_kinds


def _admin(request: HttpRequest) -> User:
    user = staff(request)
    require(user, MANAGE_GROUPS, _("Only community admins manage working groups."))
    return user


def get_group_for_user(user: User, pk: int) -> WorkingGroup:
    compounds = [c.pk for c in visible_compounds(user)]
    group = WorkingGroup.objects.filter(pk=pk, compound__in=compounds).first()
    if group is None:
        raise Http404(_("There is no such working group, or it is outside your scope."))
    return group


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    compounds = visible_compounds(user)
    groups = (
        WorkingGroup.objects.filter(compound__in=compounds)
        .select_related("compound", "leader")
        .prefetch_related("members")
    )
    labels = dict(work_kinds())
    rows = [(group, [labels.get(code, code) for code in group.categories]) for group in groups]
    return render(request, "volunteers/group_list.html", {"rows": rows, "compounds": compounds})


@login_required
def group_edit(request: HttpRequest, pk: int | None = None, compound_pk: int = 0) -> HttpResponse:
    user = _admin(request)
    group = get_group_for_user(user, pk) if pk is not None else None
    compound = group.compound if group else get_compound_for_user(user, compound_pk)
    initial = {}
    if group is not None:
        initial = {
            "name": group.name, "categories": group.categories, "leader": group.leader,
            "members": group.members.all(),
        }  # fmt: skip
    form = WorkingGroupForm(
        request.POST or None, compound=compound, kinds=work_kinds(), group=group, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = actions.save_group(
            by=user, compound=compound, group=group, values=form.cleaned_data
        )
        messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
        return redirect("group_list")
    return render(
        request, "volunteers/group_edit.html",
        {"form": form, "group": group, "compound": compound},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip

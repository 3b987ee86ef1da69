"""Importing and exporting the roster as spreadsheets."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import staff
from lib.roster import RosterError
from registry import actions
from registry.access import get_compound_for_user, require_import, require_reveal
from registry.forms import RosterUploadForm
from registry.importer import import_roster
from registry.models import RosterImport

EXPORT_HEADER = ["楼栋", "单元", "房号", "姓名", "电话", "身份证号", "标签", "备注", "与户主关系"]


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require_import(user)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = form.cleaned_data["compound"].strip()
        if upload.size > settings.LINLI_MAX_ROSTER_BYTES:
            form.add_error("file", _("The file is too large."))
        elif not user.is_superuser and name not in {c.name for c in user.compounds.all()}:
            # A community admin imports into their own compounds only.
            form.add_error("compound", _("This compound is not in your scope."))
        else:
            suffix = Path(upload.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                try:
                    run, _summary = import_roster(
                        path=Path(handle.name), compound_name=name, user=user, filename=upload.name
                    )
                except RosterError as exc:
                    form.add_error("file", str(exc))
                else:
                    return render(request, "registry/import_done.html", {"run": run}, status=201)
        return render(request, "registry/import.html", {"form": form}, status=400)
    if not form.is_bound:
        compounds = list(user.compounds.all())
        if compounds:
            form = RosterUploadForm(initial={"compound": compounds[0].name})
    recent = RosterImport.objects.filter(by=user)[:10]
    return render(request, "registry/import.html", {"form": form, "recent": recent})


@login_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require_import(user)
    run = get_object_or_404(RosterImport, pk=pk, by=user)
    report = run.report_bytes()
    if report is None:
        raise Http404(_("This report was deleted when its retention period ended."))
    response = HttpResponse(
        report,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="import-report-{run.pk}.xlsx"'
    return response


@login_required
@require_POST
def roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The compound's roster in the importer's own headers, for the buildings in scope.

    A POST: the download puts everyone's phone and ID number in a file, and is logged.
    """
    user = staff(request)
    compound = get_compound_for_user(user, pk)
    require_reveal(user)
    response = HttpResponse(
        actions.export_roster(user=user, compound=compound, header=EXPORT_HEADER),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="roster-{compound.pk}.xlsx"'
    return response

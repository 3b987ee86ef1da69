"""Importing and exporting the roster as spreadsheets."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import staff
from linli.http import HtmxHttpRequest
from registry import actions, import_jobs
from registry.access import (
    get_compound_for_user,
    get_import_for_user,
    require_import,
    require_reveal,
)
from registry.forms import RosterUploadForm
from registry.models import RosterImport

EXPORT_HEADER = ["楼栋", "单元", "房号", "姓名", "电话", "身份证号", "标签", "备注", "与户主关系"]


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    """The upload: kept as a private file and queued; a small one is imported right away."""
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
            run = import_jobs.queue_import(
                chunks=upload.chunks(), filename=upload.name, compound_name=name, user=user
            )
            if import_jobs.runs_inline(run) and import_jobs.claim(run):
                run = import_jobs.run_import(run)
                if run.failure == RosterImport.Failure.FILE:
                    form.add_error("file", run.error)  # said beside the form, as it is typed
            if not form.errors:
                return redirect("import_status", run.pk)
        return render(request, "registry/import.html", {"form": form}, status=400)
    if not form.is_bound:
        compounds = list(user.compounds.all())
        if compounds:
            form = RosterUploadForm(initial={"compound": compounds[0].name})
    recent = RosterImport.objects.filter(by=user)[:10]
    return render(request, "registry/import.html", {"form": form, "recent": recent})


@login_required
def import_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Where an import stands; the page polls its own fragment while the import runs."""
    user = staff(request)
    require_import(user)
    run = get_import_for_user(user, pk)
    template = "registry/import_status.html"
    return render(request, f"{template}#status" if request.htmx else template, {"run": run})


@login_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require_import(user)
    run = get_import_for_user(user, pk)
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

"""Receiving a consignment as one batch: an upload or pasted lines, and its report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.http import staff
from lib.ids import parse_id
from lib.spreadsheet import SpreadsheetError
from logistics import actions, pdfs
from logistics.access import gate_compounds, get_gate_for_user
from logistics.consignments import rows_from_file, rows_from_text
from logistics.forms import BatchForm
from logistics.models import Batch


@login_required
def batch_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    compound = get_gate_for_user(user, parse_id(request.GET.get("compound")))
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            if upload is not None:
                if upload.size > settings.LINLI_MAX_ROSTER_BYTES:
                    raise SpreadsheetError(_("The file is too large."))
                with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as f:
                    for chunk in upload.chunks():
                        f.write(chunk)
                    f.flush()
                    header, rows = rows_from_file(Path(f.name))
            else:
                header, rows = ["内容"], rows_from_text(data["lines"])
            result = actions.receive_batch(
                user=user, compound=compound, rows=rows, kind=data["kind"], header=header,
                source_name=data["source_name"], reference=data["reference"],
                file_name=upload.name if upload is not None else "",
            )  # fmt: skip
        except SpreadsheetError as exc:
            form.add_error("file" if upload is not None else "lines", str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not result.created:
                messages.warning(
                    request, _("This list was received before: nothing new was created.")
                )
            return redirect("gate_batch", pk=result.batch.pk)
    status = 400 if form.is_bound else 200
    recent = Batch.objects.filter(compound=compound).order_by("-received_at")[:10]
    return render(
        request, "logistics/batch_new.html",
        {"form": form, "compound": compound, "recent": recent}, status=status,
    )  # fmt: skip


def _batch_for_user(request: HttpRequest, pk: int) -> Batch:
    compounds = {c.pk for c in gate_compounds(staff(request))}
    batch = get_object_or_404(Batch, pk=pk)
    if batch.compound_id not in compounds:
        raise Http404(_("There is no such batch, or it is outside your scope."))
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for_user(request, pk)
    items = batch.items.select_related("household__unit__building").order_by("pk")[:500]
    context = {"batch": batch, "items": items, "problems": _report_rows(batch)}
    return render(request, "logistics/batch.html", context)


def _report_rows(batch: Batch, limit: int = 200) -> list[tuple[Any, ...]]:
    """The report's rows (row number, why, the row as read), for the page on a phone too."""
    path = actions.reports_dir() / batch.report_file if batch.report_file else None
    if path is None or not path.exists():
        return []
    workbook = load_workbook(path, read_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=2, max_row=limit + 1, values_only=True)
        return [(row[0], row[1], " ".join(str(v) for v in row[2:] if v not in (None, "")))
                for row in rows]  # fmt: skip
    finally:
        workbook.close()


@login_required
def batch_report(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for_user(request, pk)
    path = actions.reports_dir() / batch.report_file if batch.report_file else None
    if path is None or not path.exists():
        raise Http404(_("This report was deleted when its retention period ended."))
    response = HttpResponse(
        path.read_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="consignment-{batch.pk}.xlsx"'
    return response


@login_required
def batch_labels(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for_user(request, pk)
    items = list(
        batch.items.select_related("household__unit__building").order_by(
            "building__number", "household__unit__number", "household__room", "pk"
        )
    )
    response = HttpResponse(pdfs.labels(items), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consignment-{batch.pk}-labels.pdf"'
    return response

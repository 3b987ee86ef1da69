from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helpdesk.forms import MAX_PHOTO_BYTES, photo_within_pixels
from lib.consignment import MAX_PIECES
from linli.forms import PlainTextForm
from logistics.models import Kind, Per, Source, Status


class ReceiveForm(PlainTextForm, forms.Form):
    """One item at the gate: a tap for the kind, the label pasted, the rest optional."""

    kind = forms.ChoiceField(
        label=_("What"), choices=Kind.choices, initial=Kind.PARCEL, widget=forms.RadioSelect
    )
    label_text = forms.CharField(
        label=_("Label"), max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autofocus": True,
                                     "placeholder": "10栋2单元301 张三 5678"}),
    )  # fmt: skip
    name = forms.CharField(label=_("Name on the label"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Phone or its last 4 digits"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    source = forms.ChoiceField(
        label=_("Brought by"), choices=Source.choices, initial=Source.COURIER
    )
    sender = forms.CharField(label=_("Sender (shop, relative)"), max_length=100, required=False)
    pieces = forms.IntegerField(
        label=_("Pieces"), min_value=1, max_value=MAX_PIECES, initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    disinfected = forms.BooleanField(label=_("Disinfected"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("label_text") or data.get("name") or data.get("phone")):
            raise forms.ValidationError(_("Type or paste what the label says."))
        return data


class DeliverForm(forms.Form):
    photo = forms.ImageField(
        label=_("Photo at the door"), required=False, help_text=_("optional, up to 5 MB"),
        validators=[photo_within_pixels],
    )  # fmt: skip

    def clean_photo(self) -> object:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class ShelfCloseForm(PlainTextForm, forms.Form):
    status = forms.ChoiceField(
        label=_("What happened to it"),
        choices=[
            (Status.RETURNED, Status.RETURNED.label),
            (Status.DISPOSED, Status.DISPOSED.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class BatchForm(PlainTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=Kind.choices, initial=Kind.GROUP_BUY)
    source_name = forms.CharField(label=_("From (shop, group buy)"), max_length=100, required=False)
    reference = forms.CharField(label=_("Consignment reference"), max_length=100, required=False)
    file = forms.FileField(label=_("List (xlsx, xls, ods or csv)"), required=False)
    lines = forms.CharField(
        label=_("Or paste the lines, one item a line"), required=False, max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "10栋2单元301 张三 2件"}),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not (data.get("lines") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the lines."))
        return data


class RulesForm(forms.Form):
    sweep_at = forms.TimeField(label=_("Evening sweep"))
    cutoff_at = forms.TimeField(label=_("Cut-off (later arrivals wait for the morning)"))
    at_once_minutes = forms.IntegerField(
        label=_("Minutes for “at once”"), min_value=5, max_value=240
    )

    def __init__(self, *args: Any, slots: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[f"slot_{kind}"] = forms.CharField(
                label=label, required=False, max_length=100,
                initial=", ".join(slots.get(kind, [])),
                help_text=_("times, e.g. 11:30, 17:30; empty means at once"),
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slots: dict[str, list[str]] = {}
        for kind, _label in Kind.choices:
            text = (data.get(f"slot_{kind}") or "").replace("，", ",").replace("：", ":")
            times = []
            for part in filter(None, (p.strip() for p in text.split(","))):
                try:
                    times.append(forms.TimeField().clean(part).strftime("%H:%M"))
                except forms.ValidationError:
                    self.add_error(f"slot_{kind}", _("“%(time)s” is not a time.") % {"time": part})
            slots[kind] = sorted(set(times))
        data["slots"] = slots
        return data


class DistributionForm(PlainTextForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    per = forms.ChoiceField(label=_("Rule"), choices=Per.choices, initial=Per.HOUSEHOLD)
    per_period = forms.IntegerField(
        label=_("How many each time"), min_value=1, max_value=20, initial=1
    )
    period_days = forms.IntegerField(
        label=_("Again every N days"), min_value=1, max_value=60, required=False,
        help_text=_("empty: once for the whole distribution"),
    )  # fmt: skip
    residents_only = forms.BooleanField(
        label=_("Residents only (not vacant or away households)"), required=False, initial=True
    )


class DonationForm(PlainTextForm, forms.Form):
    donor = forms.CharField(label=_("Donor"), max_length=100)
    donor_is_resident = forms.BooleanField(
        label=_("The donor is a resident (not named in public)"), required=False
    )
    article = forms.CharField(label=_("Goods"), max_length=100, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=12, decimal_places=3, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=10, initial="件", required=False)
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label=_("Or money (yuan)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    post = forms.CharField(label=_("Into the stock of"), max_length=50, initial="物资仓库")


class IssueForm(PlainTextForm, forms.Form):
    article = forms.CharField(label=_("Goods"), max_length=100)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    post = forms.CharField(label=_("From the stock of"), max_length=50, initial="物资仓库")
    where = forms.CharField(label=_("To a household (3-2-501)"), max_length=100, required=False)
    issued_to = forms.CharField(label=_("Or to a volunteer post"), max_length=100, required=False)


class LowLevelForm(PlainTextForm, forms.Form):
    article = forms.CharField(label=_("Goods"), max_length=100)
    post = forms.CharField(label=_("Post"), max_length=50, initial="物资仓库")
    level = forms.DecimalField(
        label=_("Flag as low below"), min_value=0, max_digits=12, decimal_places=3
    )

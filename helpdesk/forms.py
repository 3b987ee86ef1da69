from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helpdesk.models import Category, EmergencyTransfer, Outcome, Purchase, Urgency
from linli.forms import PlainTextForm

MAX_TEXT = 2000
MAX_PHOTO_BYTES = 5 * 1024 * 1024


class RequestForm(PlainTextForm, forms.Form):
    category = forms.ChoiceField(label=_("What kind of need"), choices=Category.choices)
    urgency = forms.ChoiceField(
        label=_("How urgent"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    text = forms.CharField(
        label=_("What is needed"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    photo = forms.ImageField(
        label=_("Photo (a prescription, a product)"), required=False,
        help_text=_("optional, up to 5 MB"),
    )  # fmt: skip

    def clean_photo(self) -> object:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class CloseForm(PlainTextForm, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reply = forms.CharField(
        label=_("Reply to the resident"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class ReplyForm(PlainTextForm, forms.Form):
    text = forms.CharField(
        label=_("Reply"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoAnswerForm(PlainTextForm, forms.Form):
    follow_up_at = forms.DateTimeField(
        label=_("Try again at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class PurchaseForm(PlainTextForm, forms.Form):
    description = forms.CharField(label=_("What was bought"), max_length=200)
    amount = forms.DecimalField(label=_("Cost (¥)"), max_digits=10, decimal_places=2, min_value=0)
    paid_by = forms.ChoiceField(label=_("Paid by"), choices=Purchase.PaidBy.choices)
    receipt = forms.ImageField(label=_("Receipt photo"), required=False)


class ReopenForm(PlainTextForm, forms.Form):
    note = forms.CharField(
        label=_("What is still missing"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class TransferForm(PlainTextForm, forms.ModelForm):  # type: ignore[type-arg]
    """The medical green channel: vehicle or ambulance, times and outcome."""

    class Meta:
        model = EmergencyTransfer
        fields = ["vehicle", "is_ambulance", "departed_at", "arrived_at", "hospital", "outcome"]
        widgets = {
            "departed_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "arrived_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

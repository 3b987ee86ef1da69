from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from helpdesk.models import Category, EmergencyTransfer, Outcome, Purchase, Urgency
from linli.forms import PlainTextForm

MAX_TEXT = 2000
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def photo_within_pixels(photo: object) -> None:
    """Refuse a photo of more pixels than LINLI_MAX_IMAGE_PIXELS, read from its header.

    A 17 KB PNG can declare 144 megapixels; nothing here decodes it, but whoever opens it would.
    """
    image = getattr(photo, "image", None)
    if image is None:
        return
    width, height = image.size
    if width * height > settings.LINLI_MAX_IMAGE_PIXELS:
        raise forms.ValidationError(
            _("The photo has too many pixels: at most %(megapixels)s megapixels."),
            params={"megapixels": settings.LINLI_MAX_IMAGE_PIXELS // 1_000_000},
        )


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
        help_text=_("optional, up to 5 MB"), validators=[photo_within_pixels],
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
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )  # fmt: skip
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class PurchaseForm(PlainTextForm, forms.Form):
    description = forms.CharField(label=_("What was bought"), max_length=200)
    amount = forms.DecimalField(label=_("Cost (¥)"), max_digits=10, decimal_places=2, min_value=0)
    paid_by = forms.ChoiceField(label=_("Paid by"), choices=Purchase.PaidBy.choices)
    receipt = forms.ImageField(
        label=_("Receipt photo"), required=False, validators=[photo_within_pixels]
    )


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
            "departed_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "arrived_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

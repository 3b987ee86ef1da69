from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.identity import normalise_phone, parse_id_number
from linli.forms import PlainTextForm
from registry.models import Household, Tag, ZoneLevel, parse_tags


def clean_phone_field(value: str) -> str:
    if not value:
        return ""
    phone = normalise_phone(value)
    if phone is None:
        raise forms.ValidationError(
            _("Not a phone number: give an 11-digit mobile or a landline with its area code.")
        )
    return phone


class KeepsSecrets:
    """An edit form that never shows the personal data it edits.

    The phone and ID fields start empty with the masked value as a hint: an empty field keeps
    what is stored, a new value replaces it. Seeing the old value is a reveal, which is logged.
    """

    SECRET_FIELDS: tuple[str, ...] = ()
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def hint(self, masked: dict[str, str]) -> None:
        for name in self.SECRET_FIELDS:
            if masked.get(name):
                self.fields[name].widget.attrs["placeholder"] = masked[name]
                self.fields[name].help_text = _("Leave empty to keep the number on record.")

    def kept(self) -> dict[str, Any]:
        """The cleaned data without the secret fields left empty (kept as they are)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in self.SECRET_FIELDS or v}


class HouseholdForm(PlainTextForm, KeepsSecrets, forms.Form):
    SECRET_FIELDS = ("contact_phone", "proxy_phone")

    status = forms.ChoiceField(label=_("status"), choices=Household.Status.choices)
    contact_phone = forms.CharField(label=_("contact phone"), required=False, max_length=30)
    contact_verified = forms.BooleanField(label=_("contact verified"), required=False)
    proxy_name = forms.CharField(label=_("proxy contact"), required=False, max_length=50)
    proxy_phone = forms.CharField(label=_("proxy phone"), required=False, max_length=30)
    proxy_relation = forms.CharField(label=_("proxy relation"), required=False, max_length=20)
    uses_smartphone = forms.BooleanField(label=_("someone uses a smartphone"), required=False)
    in_chat_group = forms.BooleanField(label=_("in the building chat group"), required=False)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_contact_phone(self) -> str:
        return clean_phone_field(self.cleaned_data["contact_phone"])

    def clean_proxy_phone(self) -> str:
        return clean_phone_field(self.cleaned_data["proxy_phone"])


class ResidentForm(PlainTextForm, KeepsSecrets, forms.Form):
    SECRET_FIELDS = ("phone", "id_number")

    name = forms.CharField(label=_("name"), max_length=50)
    phone = forms.CharField(label=_("phone"), required=False, max_length=30)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=30)
    relation = forms.CharField(label=_("relation to household"), required=False, max_length=20)
    tags = forms.MultipleChoiceField(
        label=_("vulnerability"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_tags = forms.CharField(
        label=_("other tags"), required=False, max_length=200, help_text=_("separated by commas")
    )
    due_date = forms.DateField(
        label=_("due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("A name is needed."))
        return name

    def clean_phone(self) -> str:
        return clean_phone_field(self.cleaned_data["phone"])

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        parsed = parse_id_number(value)
        if parsed is None:
            raise forms.ValidationError(
                _(
                    "Not a valid ID number: 18 characters, a real birth date"
                    " and the right check digit."
                )
            )
        return parsed.value

    def resident_values(self) -> dict[str, Any]:
        data = self.kept()
        tags = list(data.pop("tags"))
        for extra in parse_tags(data.pop("other_tags")):
            if extra not in tags:
                tags.append(extra)
        data["tags"] = tags
        return data


class LockdownForm(PlainTextForm, forms.Form):
    level = forms.ChoiceField(label=_("zone level"), choices=ZoneLevel.choices)
    since = forms.DateTimeField(
        label=_("since"), required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("empty: now"),
    )  # fmt: skip
    planned_end = forms.DateField(
        label=_("planned end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("note"), required=False, max_length=200)


class CorrectionForm(PlainTextForm, forms.Form):
    contact_phone = forms.CharField(label=_("contact phone"), required=False, max_length=30)
    proxy_name = forms.CharField(label=_("proxy contact"), required=False, max_length=50)
    proxy_phone = forms.CharField(label=_("proxy phone"), required=False, max_length=30)
    note = forms.CharField(
        label=_("note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_contact_phone(self) -> str:
        return clean_phone_field(self.cleaned_data["contact_phone"])

    def clean_proxy_phone(self) -> str:
        return clean_phone_field(self.cleaned_data["proxy_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(k) for k in ("contact_phone", "proxy_name", "proxy_phone", "note")):
            raise forms.ValidationError(_("Fill in at least one field."))
        return data


class RosterUploadForm(PlainTextForm, forms.Form):
    compound = forms.CharField(label=_("compound"), max_length=100)
    file = forms.FileField(label=_("roster file (xlsx, xls, ods or csv)"))

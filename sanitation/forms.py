from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.forms import PlainTextForm
from sanitation.models import MAX_BAGS, MAX_TIMES_PER_DAY, AreaKind


def _times_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Times per day"), min_value=1, max_value=MAX_TIMES_PER_DAY,
        error_messages={
            "min_value": _("At least once a day."),
            "max_value": _("At most %(limit_value)s times a day."),
            "required": _("Say how many times a day."),
            "invalid": _("Times per day must be a whole number."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip


class AreaForm(PlainTextForm, forms.Form):
    """An area for the plan; the building is an id, looked up in the compound by the view."""

    kind = forms.ChoiceField(
        label=_("Area"), choices=AreaKind.choices,
        error_messages={"required": _("Choose what kind of area it is."),
                        "invalid_choice": _("Choose what kind of area it is.")},
    )  # fmt: skip
    building = forms.CharField(label=_("Building"), required=False)
    name = forms.CharField(
        label=_("Name (optional; needed for “other”)"), max_length=50, required=False
    )
    times_per_day = _times_field()


class AreaChangeForm(PlainTextForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    times_per_day = _times_field()
    active = forms.BooleanField(label=_("In the plan"), required=False)


class GarbageForm(PlainTextForm, forms.Form):
    bags = forms.IntegerField(
        label=_("Bags"), min_value=0, max_value=MAX_BAGS,
        error_messages={
            "min_value": _("The number of bags cannot be negative."),
            "max_value": _("At most %(limit_value)s bags in one round."),
            "required": _("Count the bags."),
            "invalid": _("The number of bags must be a whole number."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    sealed = forms.BooleanField(label=_("Sealed"), required=False, initial=True)
    cleared = forms.BooleanField(label=_("Already taken out of the compound"), required=False)
    at = forms.TimeField(
        label=_("Collected at (today; empty: now)"), required=False,
        error_messages={"invalid": _("Type a time such as 14:30.")},
        widget=forms.TimeInput(attrs={"type": "time"}),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

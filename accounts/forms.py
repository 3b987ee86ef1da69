from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from lib.identity import normalise_phone
from linli.forms import PlainTextForm
from registry.models import Building, Compound, Grid, building_sort_key


class StaffForm(PlainTextForm, forms.Form):
    """A member of staff or a volunteer, with a scope inside the admin's own compounds."""

    phone = forms.CharField(label=_("Phone number"), max_length=30)
    name = forms.CharField(label=_("name"), max_length=50)
    # Most people added on a busy morning are volunteers; admin is chosen on purpose.
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.VOLUNTEER)
    compounds = forms.ModelMultipleChoiceField(
        label=_("whole compounds"), queryset=Compound.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    grids = forms.ModelMultipleChoiceField(
        label=_("grids"), queryset=Grid.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    buildings = forms.ModelMultipleChoiceField(
        label=_("buildings"), queryset=Building.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("may log in"), required=False, initial=True)
    password = forms.CharField(
        label=_("new password"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )  # fmt: skip

    def __init__(self, *args: Any, admin: User, staff: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        compounds = admin.compounds.all() if not admin.is_superuser else Compound.objects.all()
        self.fields["compounds"].queryset = compounds  # type: ignore[attr-defined]
        self.fields["grids"].queryset = Grid.objects.filter(compound__in=compounds)  # type: ignore[attr-defined]
        buildings = Building.objects.filter(compound__in=compounds).select_related("compound")
        # 1, 2, …, 10 as people count them, not 1, 10, 11, …, 2.
        ordered = sorted(buildings, key=lambda b: (b.compound.name, building_sort_key(b.number)))
        self.fields["buildings"].queryset = buildings  # type: ignore[attr-defined]
        self.fields["buildings"].choices = [(b.pk, str(b)) for b in ordered]  # type: ignore[attr-defined]
        if staff is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(_("Not a phone number: give an 11-digit mobile."))
        taken = User.objects.filter(phone=phone)
        if self.staff is not None:
            taken = taken.exclude(pk=self.staff.pk)
        if taken.exists():
            raise forms.ValidationError(_("Someone already logs in with this phone number."))
        return phone

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if password:
            validate_password(password, self.staff)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("compounds") or data.get("grids") or data.get("buildings")):
            raise forms.ValidationError(_("Give a scope: a compound, a grid or a building."))
        return data

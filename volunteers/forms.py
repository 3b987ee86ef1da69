from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from linli.forms import PlainTextForm
from registry.models import Compound
from volunteers.models import WorkingGroup


class WorkingGroupForm(PlainTextForm, forms.Form):
    """A working group: its name, the kinds of need it takes, its leader and members.

    `kinds` are the codes the group takes work for (the help desk's categories today); the
    view passes them in, so that this app does not reach into the apps that hand it work.
    """

    name = forms.CharField(label=_("group name"), max_length=50)
    categories = forms.MultipleChoiceField(
        label=_("takes requests for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    leader = forms.ModelChoiceField(
        label=_("group leader"), queryset=User.objects.none(), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("members"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        compound: Compound,
        kinds: list[tuple[str, str]],
        group: WorkingGroup | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.compound, self.group = compound, group
        people = User.objects.serving_compound(compound).filter(is_active=True)
        people = people.prefetch_related("buildings")
        self.fields["categories"].choices = kinds  # type: ignore[attr-defined]
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].label_from_instance = _person  # type: ignore[attr-defined]
        self.fields["leader"].label_from_instance = _person  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        taken = WorkingGroup.objects.filter(compound=self.compound, name=name)
        if self.group is not None:
            taken = taken.exclude(pk=self.group.pk)
        if taken.exists():
            raise forms.ValidationError(_("This compound already has a group of that name."))
        return name


def _person(user: User) -> str:
    buildings = "、".join(str(b) for b in user.buildings.all())
    return f"{user.name} · {user.get_role_display()}" + (f" · {buildings}" if buildings else "")

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groupbuy.models import Offer, Unit
from linli.forms import PlainTextForm

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}


class OfferForm(PlainTextForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    supplier = forms.CharField(label=_("Supplier"), max_length=100)
    buildings = forms.CharField(
        label=_("Buildings"), max_length=200, required=False,
        help_text=_("Blank: the whole compound. Or as you would say it: 3-7, 12"),
    )  # fmt: skip
    cutoff_at = forms.DateTimeField(
        label=_("Cut-off"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    delivery_on = forms.DateField(
        label=_("Expected delivery"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    minimum_kind = forms.ChoiceField(label=_("Minimum to go ahead"), choices=Offer.Minimum.choices)
    minimum = forms.DecimalField(label=_("Minimum (shares or yuan)"), required=False, **MONEY)
    fee = forms.DecimalField(label=_("Delivery fee (¥)"), required=False, **MONEY)
    fee_split = forms.ChoiceField(label=_("Fee split"), choices=Offer.FeeSplit.choices)
    notes = forms.CharField(label=_("Notes for residents"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ItemForm(PlainTextForm, forms.Form):
    name = forms.CharField(label=_("Item"), max_length=100, required=False)
    spec = forms.CharField(label=_("Specification"), max_length=100, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, required=False)
    price = forms.DecimalField(label=_("Unit price (¥)"), required=False, **MONEY)
    case_size = forms.IntegerField(label=_("Case size"), min_value=1, max_value=1000,
                                   required=False, initial=1)  # fmt: skip
    limit = forms.DecimalField(label=_("Limit per household"), required=False, max_digits=8,
                               decimal_places=1, min_value=Decimal(0))  # fmt: skip
    stock = forms.DecimalField(label=_("Stock (flash offer)"), required=False, max_digits=8,
                               decimal_places=1, min_value=Decimal(0))  # fmt: skip

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("name") and data.get("price") is None and "price" not in self.errors:
            self.add_error("price", _("Give the price."))
        # A row with a price or a limit but no name would be dropped without a word.
        filled = [data.get(f) for f in ("spec", "price", "limit", "stock")]
        if not data.get("name") and any(v not in (None, "") for v in filled):
            self.add_error("name", _("Give the item's name, or clear this row."))
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=4, max_num=50, absolute_max=50)


class MoneyForm(PlainTextForm, forms.Form):
    amount = forms.DecimalField(label=_("Amount (¥)"), max_digits=12, decimal_places=2)
    reference = forms.CharField(
        label=_("Transfer reference"), max_length=100, required=False,
        help_text=_("The WeChat or Alipay transfer number; blank for cash."),
    )  # fmt: skip


class ShortageForm(PlainTextForm, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    short = forms.CharField(label=_("How much did not come"), max_length=12)
    reason = forms.CharField(label=_("What happened"), max_length=200)

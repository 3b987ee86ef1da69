"""Every write to the ledger: each is one balanced transaction, audited, refused whole if wrong.

Callers (the group buy, the help desk, the money pages) use the named operations below; they
all go through `post`, which checks that the amount is a positive sum of yuan and fen, that the
postings sum to zero and that a transfer reference is not recorded twice.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User, record
from ledger.models import Account, Posting, Transaction
from lib.bulk import insert_rows
from registry.models import Compound, Household

CENT = Decimal("0.01")
PLAIN_AMOUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


def money(value: Decimal | str | int) -> Decimal:
    """A positive amount in yuan with at most two places, or a ValidationError that says why."""
    text = str(value).strip()
    if not text:
        raise ValidationError(_("Give the amount in yuan, as 12.50."))
    # Only figures and a point, as people write money: Decimal alone would take "1e3" for ¥1000.
    if not isinstance(value, Decimal) and not PLAIN_AMOUNT.fullmatch(text):
        raise ValidationError(_("“%s” is not an amount of money.") % value)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%s” is not an amount of money.") % value) from None
    if not amount.is_finite():
        raise ValidationError(_("“%s” is not an amount of money.") % value)
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    if amount != amount.quantize(CENT):
        raise ValidationError(_("An amount has at most two decimal places (fen)."))
    ceiling = Decimal(settings.LINLI_MAX_LEDGER_AMOUNT)
    if amount > ceiling:
        raise ValidationError(
            _("¥%(amount)s is more than one entry can be (at most ¥%(ceiling)s).")
            % {"amount": amount, "ceiling": ceiling}
        )
    return amount.quantize(CENT)


def account(
    compound: Compound | int,
    kind: str,
    *,
    household: Household | None = None,
    user: User | None = None,
    name: str = "",
) -> Account:
    """The one account of a household, a holder, a supplier or the fund (made when first used)."""
    compound_id = compound if isinstance(compound, int) else compound.pk
    if household is not None:
        key = f"{kind}:{household.pk}"
    elif user is not None:
        key = f"{kind}:{user.pk}"
    else:
        name = " ".join(name.split())[:100]
        key = f"{kind}:{name}"
    found, _created = Account.objects.get_or_create(
        compound_id=compound_id, key=key,
        defaults={"kind": kind, "household": household, "user": user, "name": name},
    )  # fmt: skip
    return found


def household_account(household: Household) -> Account:
    return account(household.unit.building.compound_id, Account.Kind.HOUSEHOLD, household=household)


def holder_account(compound: Compound | int, user: User) -> Account:
    return account(compound, Account.Kind.HOLDER, user=user)


def supplier_account(compound: Compound | int, name: str) -> Account:
    if not name.strip():
        raise ValidationError(_("Name the supplier."))
    return account(compound, Account.Kind.SUPPLIER, name=name)


def post(
    *,
    compound: Compound | int,
    kind: str,
    debit: Account,
    credit: Account,
    amount: Decimal | str,
    recorded_by: User | None,
    memo: str = "",
    reference: str = "",
    topic: str = "",
    household: Household | None = None,
) -> Transaction:
    """Move `amount` from `credit` to `debit`: one transaction, two postings that sum to zero."""
    amount = money(amount)
    compound_id = compound if isinstance(compound, int) else compound.pk
    if {debit.compound_id, credit.compound_id} != {compound_id}:
        raise ValidationError(_("Both sides of an entry belong to the same compound."))
    if debit.pk == credit.pk:
        raise ValidationError(_("An entry moves money between two different accounts."))
    reference = " ".join(reference.split())[:100]
    try:
        with transaction.atomic():
            entry = Transaction.objects.create(
                compound_id=compound_id, kind=kind, topic=topic, household=household,
                amount=amount, memo=memo[:200], reference=reference, recorded_by=recorded_by,
            )  # fmt: skip
            entry.postings.create(account=debit, amount=amount)
            entry.postings.create(account=credit, amount=-amount)
            record(
                user=recorded_by, action=AuditEntry.Action.CREATE, obj=entry,
                detail={"kind": kind, "amount": str(amount), "topic": topic,
                        "reference": reference, "debit": debit.key, "credit": credit.key},
            )  # fmt: skip
    except IntegrityError:
        if reference and Transaction.objects.filter(
            compound_id=compound_id, reference=reference,
            kind__in=[Transaction.Kind.PAYMENT, Transaction.Kind.REPAYMENT,
                      Transaction.Kind.DONATION],
        ).exists():  # fmt: skip
            raise ValidationError(
                _("The transfer “%s” is already recorded: it is not counted twice.") % reference
            ) from None
        raise
    return entry


# --- what households are charged and pay ---------------------------------------------------


def charge(
    *,
    household: Household,
    amount: Decimal | str,
    supplier: str,
    recorded_by: User | None,
    memo: str,
    topic: str = "",
) -> Transaction:
    """The household owes what it ordered; the supplier is owed it."""
    compound = household.unit.building.compound_id
    return post(
        compound=compound, kind=Transaction.Kind.CHARGE, debit=household_account(household),
        credit=supplier_account(compound, supplier), amount=amount, recorded_by=recorded_by,
        memo=memo, topic=topic, household=household,
    )  # fmt: skip


def charge_many(
    *,
    compound: Compound | int,
    charges: list[tuple[Household, Decimal]],
    supplier: str,
    recorded_by: User | None,
    memo: str,
    topic: str = "",
) -> int:
    """`charge` for every household of an order at its cut-off, in a few statements.

    The same entries, postings and audit as one `charge` each (5,000 of those take seconds,
    one insert of each kind takes a fraction of one). Returns the number of entries."""
    compound_id = compound if isinstance(compound, int) else compound.pk
    amounts = [(household, money(amount)) for household, amount in charges]
    if not amounts:
        return 0
    if len({household.pk for household, _ in amounts}) != len(amounts):
        raise ValueError("charge_many takes one charge per household")
    with transaction.atomic():
        owed_to = supplier_account(compound_id, supplier)
        keys = {f"{Account.Kind.HOUSEHOLD}:{h.pk}": h for h, _ in amounts}
        accounts = Account.objects.filter(compound_id=compound_id, key__in=keys)
        existing = set(accounts.values_list("key", flat=True))
        insert_rows(Account, ["compound", "key", "kind", "household", "name"], [
            [compound_id, key, Account.Kind.HOUSEHOLD, h.pk, ""]
            for key, h in keys.items() if key not in existing
        ])  # fmt: skip
        have = dict(accounts.values_list("key", "pk"))
        now = timezone.now()
        recorder = recorded_by.pk if recorded_by and recorded_by.is_authenticated else None
        insert_rows(Transaction, ["compound", "kind", "topic", "household", "amount", "memo",
                                  "reference", "recorded_by", "recorded_at"], [
            [compound_id, Transaction.Kind.CHARGE, topic, h.pk, amount, memo[:200], "",
             recorder, now]
            for h, amount in amounts
        ])  # fmt: skip
        # Read back by what only this batch has in common: its topic and its instant.
        entries = list(
            Transaction.objects.filter(compound_id=compound_id, kind=Transaction.Kind.CHARGE,
                                       topic=topic, recorded_at=now)
            .values_list("pk", "household", "amount")
        )  # fmt: skip
        if len(entries) != len(amounts):
            raise RuntimeError("an order's charges were not all written")  # would be a bug
        insert_rows(Posting, ["transaction", "account", "amount"], [
            row for pk, household, amount in entries for row in (
                [pk, have[f"{Account.Kind.HOUSEHOLD}:{household}"], amount],
                [pk, owed_to.pk, -amount],
            )
        ])  # fmt: skip
        actor = recorded_by.name if recorder and recorded_by else ""
        insert_rows(AuditEntry, ["at", "user", "actor", "action", "object_type", "object_id",
                                 "detail"], [
            [now, recorder, actor, AuditEntry.Action.CREATE, "ledger.transaction", str(pk),
             json.dumps({"kind": Transaction.Kind.CHARGE, "amount": str(amount), "topic": topic,
                         "reference": "", "debit": f"{Account.Kind.HOUSEHOLD}:{household}",
                         "credit": owed_to.key})]
            for pk, household, amount in entries
        ])  # fmt: skip
    return len(entries)


def credit_shortage(
    *,
    household: Household,
    amount: Decimal | str,
    supplier: str,
    recorded_by: User | None,
    memo: str,
    topic: str = "",
) -> Transaction:
    """What did not come (a shortage, a substitution): the household owes less, so does Linli."""
    compound = household.unit.building.compound_id
    return post(
        compound=compound, kind=Transaction.Kind.CREDIT, debit=supplier_account(compound, supplier),
        credit=household_account(household), amount=amount, recorded_by=recorded_by,
        memo=memo, topic=topic, household=household,
    )  # fmt: skip


def receive_payment(
    *,
    household: Household,
    amount: Decimal | str,
    holder: User,
    reference: str,
    recorded_by: User,
    memo: str = "",
    topic: str = "",
) -> Transaction:
    """A household paid (a transfer to `holder`, or cash in their hand)."""
    compound = household.unit.building.compound_id
    return post(
        compound=compound, kind=Transaction.Kind.PAYMENT, debit=holder_account(compound, holder),
        credit=household_account(household), amount=amount, recorded_by=recorded_by,
        memo=memo, reference=reference, topic=topic, household=household,
    )  # fmt: skip


def collect_for_supplier(
    *,
    household: Household,
    amount: Decimal | str,
    supplier: str,
    holder: User,
    reference: str,
    recorded_by: User,
    memo: str,
    topic: str = "",
) -> Transaction:
    """Money a household hands a volunteer for a supplier paid centrally (gas-card top-ups,
    seed 000): owed to the supplier and paid in one step; the holder then pays the supplier."""
    with transaction.atomic():
        charge(household=household, amount=amount, supplier=supplier, recorded_by=recorded_by,
               memo=memo, topic=topic)  # fmt: skip
        return receive_payment(
            household=household, amount=amount, holder=holder, reference=reference,
            recorded_by=recorded_by, memo=memo, topic=topic,
        )  # fmt: skip


def pay_out(
    *,
    household: Household,
    amount: Decimal | str,
    holder: User,
    reference: str,
    recorded_by: User,
    memo: str = "",
    topic: str = "",
) -> Transaction:
    """Money given back to a household that is owed it."""
    compound = household.unit.building.compound_id
    return post(
        compound=compound, kind=Transaction.Kind.PAYOUT, debit=household_account(household),
        credit=holder_account(compound, holder), amount=amount, recorded_by=recorded_by,
        memo=memo, reference=reference, topic=topic, household=household,
    )  # fmt: skip


def pay_supplier(
    *,
    compound: Compound | int,
    supplier: str,
    amount: Decimal | str,
    holder: User,
    reference: str,
    recorded_by: User,
    memo: str = "",
    topic: str = "",
    at_most_owed: bool = False,
) -> Transaction:
    """The holder pays a supplier; `at_most_owed` refuses more than the supplier is owed (a
    payment typed on the money page, where a slip of the finger would be a gift)."""
    with transaction.atomic():
        owed_to = supplier_account(compound, supplier)
        if at_most_owed and (owed := -owed_to.balance()) < money(amount):
            raise ValidationError(
                _("%(supplier)s is owed ¥%(owed)s, not more.")
                % {"supplier": owed_to.name, "owed": owed}
            )
        return post(
            compound=compound, kind=Transaction.Kind.SUPPLIER_PAYMENT, debit=owed_to,
            credit=holder_account(compound, holder), amount=amount, recorded_by=recorded_by,
            memo=memo, reference=reference, topic=topic,
        )  # fmt: skip


# --- help-desk advances, donations, hand-overs ----------------------------------------------


def advance(
    *, household: Household, amount: Decimal | str, volunteer: User, memo: str, topic: str
) -> Transaction:
    """A volunteer paid from their own pocket for a household: the household owes them."""
    compound = household.unit.building.compound_id
    return post(
        compound=compound, kind=Transaction.Kind.ADVANCE, debit=household_account(household),
        credit=account(compound, Account.Kind.ADVANCE, user=volunteer), amount=amount,
        recorded_by=volunteer, memo=memo, topic=topic, household=household,
    )  # fmt: skip


def repay_advance(
    *,
    household: Household,
    amount: Decimal | str,
    volunteer: User,
    reference: str,
    recorded_by: User,
    memo: str,
    topic: str,
) -> Transaction:
    """The household paid the volunteer back directly."""
    compound = household.unit.building.compound_id
    return post(
        compound=compound, kind=Transaction.Kind.REPAYMENT,
        debit=account(compound, Account.Kind.ADVANCE, user=volunteer),
        credit=household_account(household), amount=amount, recorded_by=recorded_by,
        memo=memo, reference=reference, topic=topic, household=household,
    )  # fmt: skip


def spend_from_fund(
    *,
    compound: Compound | int,
    amount: Decimal | str,
    recorded_by: User,
    memo: str,
    topic: str = "",
    household: Household | None = None,
    holder: User | None = None,
) -> Transaction:
    """The community fund paid: from a holder's cash when named, else from the fund itself."""
    credit = (
        holder_account(compound, holder) if holder is not None
        else account(compound, Account.Kind.FUND, name="社区资金")
    )  # fmt: skip
    if holder is not None and (held := credit.balance()) < money(amount):
        # Spending more than one holds would be the volunteer's own money, not the fund's.
        raise ValidationError(
            _("You hold ¥%(held)s of the community's money: record the donation it came from "
              "first.") % {"held": held}
        )  # fmt: skip
    return post(
        compound=compound, kind=Transaction.Kind.SPENDING,
        debit=account(compound, Account.Kind.SPENT, name="支出"), credit=credit, amount=amount,
        recorded_by=recorded_by, memo=memo, topic=topic, household=household,
    )  # fmt: skip


def receive_donation(
    *,
    compound: Compound | int,
    amount: Decimal | str,
    holder: User,
    donor: str,
    reference: str,
    recorded_by: User,
) -> Transaction:
    return post(
        compound=compound, kind=Transaction.Kind.DONATION, debit=holder_account(compound, holder),
        credit=account(compound, Account.Kind.FUND, name="社区资金"), amount=amount,
        recorded_by=recorded_by, memo=donor, reference=reference,
    )  # fmt: skip


def hand_over(
    *,
    compound: Compound | int,
    amount: Decimal | str,
    giver: User,
    taker: User,
    recorded_by: User,
    memo: str = "",
) -> Transaction:
    """Cash or a transfer from one volunteer to another (the shift ends, the leader collects)."""
    return post(
        compound=compound, kind=Transaction.Kind.HANDOVER, debit=holder_account(compound, taker),
        credit=holder_account(compound, giver), amount=amount, recorded_by=recorded_by,
        memo=memo,
    )  # fmt: skip

"""Amounts of money: the site stores pence (as Stripe does) and shows pounds."""

import decimal


def pounds(pence: int) -> str:
    """An amount in pence as people read it: £1,234.50."""
    return f"£{pence / 100:,.2f}"


def pounds_exact(pence: int) -> decimal.Decimal:
    """An amount in pence as pounds, exactly (a spreadsheet's number: 1234.50)."""
    return decimal.Decimal(pence).scaleb(-2)


def pence(amount: decimal.Decimal | int) -> int:
    """An amount in pounds (a price, a fee, a refund typed in a form) in pence."""
    return int(decimal.Decimal(amount).scaleb(2).to_integral_value())

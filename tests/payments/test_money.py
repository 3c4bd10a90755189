"""Pence as pounds: one way for every page, email, message and export."""

from decimal import Decimal

from network_site.payments.money import pence, pounds, pounds_exact


def test_pounds_reads_as_people_write_money():
    assert pounds(1250) == "£12.50"
    assert pounds(5) == "£0.05"
    assert pounds(123456789) == "£1,234,567.89"


def test_pounds_exact_is_the_spreadsheets_number():
    assert pounds_exact(1250) == Decimal("12.50")
    assert str(pounds_exact(5)) == "0.05"


def test_pence_from_pounds_typed_or_stored():
    assert pence(Decimal("12.50")) == 1250
    assert pence(Decimal("0.01")) == 1
    assert pence(0) == 0
    assert pence(Decimal("1234.5")) == 123450

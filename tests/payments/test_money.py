"""Pence as pounds: one way for every page, email, message and export."""

from decimal import Decimal

from network_site.payments.money import pounds, pounds_exact


def test_pounds_reads_as_people_write_money():
    assert pounds(1250) == "£12.50"
    assert pounds(5) == "£0.05"
    assert pounds(123456789) == "£1,234,567.89"


def test_pounds_exact_is_the_spreadsheets_number():
    assert pounds_exact(1250) == Decimal("12.50")
    assert str(pounds_exact(5)) == "0.05"

"""A complete, valid event request form, for the tests that post it."""

import datetime

from django.utils import timezone


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def valid_data(authority, **changes):
    """The form's fields for ``authority``; a change of None leaves a field out."""
    data = {
        "local_authority": str(authority.pk),
        "title": "Keeping care local in Leeds",
        "theme": "Bringing home care back in house",
        "aims": "Hear from councils that did it, and plan our first steps with local groups.",
        "audience": ["councillors", "community-organisations"],
        "date_1_from": in_days(60),
        "date_1_to": in_days(75),
        "date_2_from": in_days(90),
        "date_2_to": "",
        "date_3_from": "",
        "date_3_to": "",
        "format": "in-person",
        "expected_attendees": "60",
        "venue_offered": "on",
        "venue_name": "Leeds Civic Hall",
        "venue_address": "Calverley Street\nLeeds",
        "venue_postcode": "LS1 1UR",
        "venue_capacity": "120",
        "venue_accessibility": "Step-free entrance on Portland Crescent; hearing loop.",
        "other_co_hosts": "Leeds Older People's Forum",
        "contacts": "",
        "contact_phone": "0113 222 4444",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}

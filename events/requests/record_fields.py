"""The fields of an event request that the request form, the admin and the
data export all list: the three choices of date it offers (each a day or a
range), the venue, and the form's fields in the order of the page."""

# (from, until) of each choice, in order.
DATE_CHOICES = [(f"date_{n}_from", f"date_{n}_to") for n in (1, 2, 3)]
DATE_FIELDS = [name for choice in DATE_CHOICES for name in choice]
VENUE_FIELDS = {
    "venue_name": "the venue's name",
    "venue_address": "its address",
    "venue_postcode": "its postcode",
    "venue_capacity": "how many people it holds",
    "venue_accessibility": "how accessible it is",
}
# The request form's fields in the order of the page.
PAGE_ORDER = [
    "local_authority",
    "contact_phone",
    "title",
    "theme",
    "aims",
    "audience",
    "format",
    "expected_attendees",
    *DATE_FIELDS,
    "venue_offered",
    *VENUE_FIELDS,
    "co_host_organisations",
    "other_co_hosts",
    "contacts",
]

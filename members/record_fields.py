"""The fields of an organisation that staff edit and see in the admin, and that
the member's data export holds (see members.personal_data)."""

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "local_authorities",
    "charity_number",
    "company_number",
    "income_band",
    "website",
]

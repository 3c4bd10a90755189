"""The fields of a registration that both its admin page and the member's data
export show (the export adds the rest; see events.personal_data)."""

REGISTRATION_DETAILS = [
    "event",
    "user",
    "guest_name",
    "guest_email",
    "status",
    "access_needs",
    "dietary_needs",
    "share_with_hosts",
    "created_at",
    "confirmed_at",
    "offer_expires_at",
    "attended_at",
    "cancelled_at",
]

"""schema.org structured data (JSON-LD) of events."""

from network_site.models import OrganisationSettings
from network_site.seo import absolute_image_url, drop_empty

from . import rules

EVENT_ATTENDANCE_MODES = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def event_schema(request, event, availability=None):
    """schema.org Event: when, where (a place, a virtual location or both), status,
    organiser, offer and speakers."""
    organisation = OrganisationSettings.for_request(request)
    url = event.get_full_url(request)
    # The event page's context has worked it out already (events.page_views).
    state = availability or getattr(event, "availability", None) or rules.availability(event)
    locations = []
    if event.meets_in_person and event.venue:
        venue = event.venue
        locations.append(
            {
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": ", ".join(
                        line.strip() for line in venue.address.splitlines() if line.strip()
                    ),
                    "postalCode": venue.postcode,
                    "addressCountry": "GB",
                },
            }
        )
    if event.meets_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    offer_availability = {
        rules.Availability.OPEN: "https://schema.org/InStock",
        rules.Availability.FEW_PLACES_LEFT: "https://schema.org/LimitedAvailability",
        rules.Availability.FULL: "https://schema.org/SoldOut",
        rules.Availability.NOT_YET_OPEN: "https://schema.org/PreOrder",
    }.get(state)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.get_meta_description(),
        "url": url,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": (
            "https://schema.org/EventCancelled"
            if event.is_cancelled
            else "https://schema.org/EventScheduled"
        ),
        "eventAttendanceMode": EVENT_ATTENDANCE_MODES.get(event.format),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {
            "@type": "Organization",
            "name": organisation.name,
            "url": request.build_absolute_uri("/"),
        },
        "performer": [
            {
                "@type": "Person",
                "name": block.value["name"],
                "jobTitle": block.value.get("role") or None,
                "affiliation": (
                    {"@type": "Organization", "name": block.value["organisation"]}
                    if block.value.get("organisation")
                    else None
                ),
            }
            for block in event.speakers
        ],
        "isAccessibleForFree": event.is_free,
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": f"{event.price:.2f}",
            "priceCurrency": "GBP",
            "availability": offer_availability,
            "validFrom": (
                event.registration_opens_at.isoformat() if event.registration_opens_at else None
            ),
        },
    }
    if image_url := absolute_image_url(request, event.get_social_image()):
        data["image"] = [image_url]
    return drop_empty(data)

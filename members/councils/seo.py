"""schema.org structured data of a council's page."""

from network_site.seo import drop_empty


def council_schema(authority, request):
    url = request.build_absolute_uri(authority.get_absolute_url())
    return drop_empty(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "@id": url,
            "name": authority.name,
            "alternateName": authority.short_name if authority.short_name != authority.name else "",
            "url": url,
            "identifier": {
                "@type": "PropertyValue",
                "propertyID": "GSS code",
                "value": authority.gss_code,
            },
            "areaServed": {
                "@type": "AdministrativeArea",
                "name": authority.short_name or authority.name,
                "containedInPlace": {"@type": "AdministrativeArea", "name": authority.region}
                if authority.region
                else None,
            },
        }
    )

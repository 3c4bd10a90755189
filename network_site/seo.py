"""schema.org structured data (JSON-LD): the helpers every page type's schema uses.

Each app builds the schema of its own pages (blog.seo, events.seo) from these.
"""


def absolute_image_url(request, image, spec="fill-1200x630|format-jpeg"):
    if image is None:
        return None
    return request.build_absolute_uri(image.get_rendition(spec).url)


def organisation_schema(organisation, url):
    """schema.org Organization for the site's OrganisationSettings."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": url,
    }
    if organisation.email:
        data["email"] = organisation.email
    if same_as := [url for _, url in organisation.social_links]:
        data["sameAs"] = same_as
    return data


def drop_empty(value):
    """The data without its empty values (None, "" and []), at every depth."""
    if isinstance(value, dict):
        return {key: drop_empty(item) for key, item in value.items() if item not in (None, "", [])}
    if isinstance(value, list):
        return [drop_empty(item) for item in value]
    return value

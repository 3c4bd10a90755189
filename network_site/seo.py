"""schema.org structured data (JSON-LD) for the pages that have a type."""


def absolute_image_url(request, image, spec="fill-1200x630|format-jpeg"):
    if image is None:
        return None
    return request.build_absolute_uri(image.get_rendition(spec).url)


def organisation_schema(request, page):
    from .models import OrganisationSettings

    organisation = OrganisationSettings.for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": page.get_full_url(request),
    }
    if organisation.email:
        data["email"] = organisation.email
    if same_as := [url for _, url in organisation.social_links]:
        data["sameAs"] = same_as
    return data


def blog_posting_schema(request, article):
    from .models import OrganisationSettings

    organisation = OrganisationSettings.for_request(request)
    url = article.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": article.get_meta_description(),
        "datePublished": article.date.isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [
            {"@type": "Person", "name": author.name, "jobTitle": author.role or None}
            for author in article.authors
        ],
        "publisher": {"@type": "Organization", "name": organisation.name},
    }
    if article.last_published_at:
        data["dateModified"] = article.last_published_at.isoformat()
    if image_url := absolute_image_url(request, article.get_social_image()):
        data["image"] = [image_url]
    data["keywords"] = [tag.name for tag in article.tags.all()]
    return _drop_empty(data)


def _drop_empty(value):
    if isinstance(value, dict):
        return {key: _drop_empty(item) for key, item in value.items() if item not in (None, "", [])}
    if isinstance(value, list):
        return [_drop_empty(item) for item in value]
    return value

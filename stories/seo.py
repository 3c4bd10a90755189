"""schema.org structured data (JSON-LD) of a story: an Article about a place."""

from network_site.models import OrganisationSettings
from network_site.seo import absolute_image_url, drop_empty


def story_article_schema(request, story):
    organisation = OrganisationSettings.for_request(request)
    url = story.get_full_url(request)
    authority = story.local_authority
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.get_meta_description(),
        "datePublished": story.first_published_at.isoformat() if story.first_published_at else None,
        "dateModified": story.last_published_at.isoformat() if story.last_published_at else None,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "about": story.service_area.name,
        "contentLocation": {"@type": "AdministrativeArea", "name": authority.name},
        "publisher": {"@type": "Organization", "name": organisation.name},
        "keywords": [story.get_approach_display(), *(name for _key, name, _text in story.outcomes)],
    }
    if image_url := absolute_image_url(request, story.get_social_image()):
        data["image"] = [image_url]
    return drop_empty(data)

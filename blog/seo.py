"""schema.org structured data (JSON-LD) of articles."""

from network_site.models import OrganisationSettings
from network_site.seo import absolute_image_url, drop_empty


def blog_posting_schema(request, article):
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
    return drop_empty(data)

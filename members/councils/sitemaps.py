from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ..models import LocalAuthority


class CouncilSitemap(Sitemap):
    """/councils/ and the page of every current local authority."""

    changefreq = "weekly"

    def items(self):
        return ["index", *LocalAuthority.objects.current().only("slug").order_by("name", "pk")]

    def location(self, item):
        return reverse("councils:index") if item == "index" else item.get_absolute_url()

import pytest
from wagtail.models import Site

from network_site.models import NavigationSettings, OrganisationSettings


@pytest.fixture
def page_cache_on(settings, home_page):
    """The page cache on (the test settings turn it off). The settings rows are
    created on first use; make them now so that creating them does not count as
    an edit in the middle of a test."""
    site = Site.objects.get(is_default_site=True)
    OrganisationSettings.for_site(site)
    NavigationSettings.for_site(site)
    settings.PAGE_CACHE_SECONDS = 300

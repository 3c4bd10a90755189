from wagtail import hooks

from network_site.models import HOME_PAGE_CONTEXT_HOOK
from network_site.views import SITEMAPS_HOOK

from ..models import LocalAuthority
from . import map as network_map
from . import presence
from .sitemaps import CouncilSitemap


@hooks.register(SITEMAPS_HOOK)
def council_sitemap():
    return {"councils": CouncilSitemap}


@hooks.register(HOME_PAGE_CONTEXT_HOOK)
def home_page_map(home, request):
    """A small map of the network on the home page, linking to /councils/."""
    current = LocalAuthority.objects.current()
    return {"council_map": network_map.draw(presence.with_presence(current, request.user))}

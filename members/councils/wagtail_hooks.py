from django.urls import reverse
from django.utils.formats import date_format
from wagtail import hooks

from network_site.models import HOME_PAGE_CONTEXT_HOOK
from network_site.places import LOCAL_AUTHORITY_ADMIN_PANELS, AuthorityPanel
from network_site.views import SITEMAPS_HOOK

from ..models import LocalAuthority
from . import map as network_map
from . import presence
from .models import Commitment
from .sitemaps import CouncilSitemap
from .viewsets import commitment_viewset


@hooks.register("register_admin_viewset")
def register_commitment_viewset():
    return commitment_viewset


@hooks.register(LOCAL_AUTHORITY_ADMIN_PANELS)
def commitments_panel(authority):
    """The authority's Keep it Local commitments on its admin page: a link to
    the record, or to a new one for it."""
    commitment = Commitment.objects.filter(authority=authority).first()
    if commitment is None:
        add_url = reverse(commitment_viewset.get_url_name("add"))
        return AuthorityPanel(
            title="Keep it Local commitments",
            rows=[("Record its commitments", f"{add_url}?authority={authority.pk}", "")],
            order=-10,
            counted=False,
        )
    endorsed = (
        f"principles endorsed on {date_format(commitment.endorsed_on, 'j F Y')}"
        if commitment.endorsed_on
        else "principles not endorsed yet"
    )
    edit_url = reverse(commitment_viewset.get_url_name("edit"), args=[commitment.pk])
    return AuthorityPanel(
        title="Keep it Local commitments",
        rows=[("Edit its commitments", edit_url, endorsed)],
        order=-10,
        counted=False,
    )


@hooks.register(SITEMAPS_HOOK)
def council_sitemap():
    return {"councils": CouncilSitemap}


@hooks.register(HOME_PAGE_CONTEXT_HOOK)
def home_page_map(home, request):
    """A small map of the network on the home page, linking to /councils/."""
    current = LocalAuthority.objects.current()
    return {"council_map": network_map.draw(presence.with_presence(current, request.user))}

"""The council pages: every current local authority and the network in it, and
one authority's page. Public, and cached for anonymous readers like every public
page (network_site.page_cache; signals.py purges them when what they show changes)."""

from django import forms
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail import hooks

from events.listing import for_listing, with_availability
from network_site.pagination import paginate
from network_site.search import FilterForm

from ..models import LocalAuthority, Membership, active_membership_of
from . import map as network_map
from . import presence, seo

PER_PAGE = 50
# How many of each the council's page shows; the directory and the events
# listings have the rest.
SHOWN = {"members": 24, "organisations": 24, "events": 6}
# Members who may ask for an event in their own council's area.
COUNCIL_CATEGORIES = (Membership.Category.COUNCILLOR, Membership.Category.OFFICER)
# ``fn(authority, request) -> {"template": ..., **its context} | None``: a section
# an app above members adds to a council's page (the stories about it). Each is
# rendered in the order registered, after the events.
COUNCIL_PAGE_SECTIONS_HOOK = "council_page_sections"


class CouncilFilterForm(FilterForm):
    q = forms.CharField(label="Council name", required=False, max_length=1000)
    nation = forms.ChoiceField(label="Nation", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    present = forms.BooleanField(label="Only where the network is", required=False)
    lookups = {"nation": "nation", "region": "region"}
    search_fields = ["name", "short_name"]

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nation"].choices = [("", "All nations"), *LocalAuthority.Nation.choices]
        self.fields["region"].choices = [("", "All regions")] + [(r, r) for r in regions]

    def filtered(self, authorities):
        """The authorities matching the valid filters, and only those where the
        network is when that is asked for."""
        authorities = super().filtered(authorities)
        if getattr(self, "cleaned_data", {}).get("present"):
            authorities = presence.present(authorities)
        return authorities


@require_GET
def council_list(request):
    current = LocalAuthority.objects.current()
    regions = current.exclude(region="").values_list("region", flat=True).distinct()
    form = CouncilFilterForm(request.GET or None, regions=sorted(regions))
    authorities = presence.with_presence(current, request.user)
    if form.is_bound:
        authorities = form.filtered(authorities)
    authorities = authorities.select_related("commitment").order_by("name", "pk")
    return TemplateResponse(
        request,
        "councils/index.html",
        {
            "form": form,
            "authorities": paginate(request, authorities, per_page=PER_PAGE),
            "council_map": network_map.draw(authorities),
            "filtered": form.is_bound and bool(form.active_filters),
        },
    )


@require_GET
def council_detail(request, slug):
    authority = get_object_or_404(
        LocalAuthority.objects.select_related("commitment").prefetch_related(
            "commitment__documents"
        ),
        slug=slug,
    )
    user = request.user
    membership = active_membership_of(user)
    now = timezone.now()
    members = (
        presence.listed_in(authority, user)
        .select_related("user", "local_authority", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    organisations = presence.organisations_in(authority).order_by("name", "pk")
    events = for_listing(presence.events_in(authority))
    commitment = getattr(authority, "commitment", None)
    context = {
        "authority": authority,
        "commitment": commitment if commitment and commitment.has_content else None,
        "place": authority.short_name or authority.name,
        "members": list(members[: SHOWN["members"] + 1]),
        "organisations": list(organisations[: SHOWN["organisations"] + 1]),
        "upcoming": with_availability(events.upcoming(now)[: SHOWN["events"]], now=now),
        "past": with_availability(events.past(now)[: SHOWN["events"]], now=now),
        "shown": SHOWN,
        "viewer_is_member": membership is not None,
        "reader": reader_of(authority, membership),
        "structured_data": seo.council_schema(authority, request),
        "sections": [
            section
            for add_section in hooks.get_hooks(COUNCIL_PAGE_SECTIONS_HOOK)
            if (section := add_section(authority, request))
        ],
    }
    return TemplateResponse(request, "councils/detail.html", context)


def reader_of(authority, membership: Membership | None) -> str:
    """Who is reading, for the call to action: "council" (a councillor or officer
    of this authority, who may ask for an event here), "member" (of the network,
    elsewhere) or "public"."""
    if membership is None:
        return "public"
    if membership.category in COUNCIL_CATEGORIES and membership.local_authority_id == authority.pk:
        return "council"
    return "member"

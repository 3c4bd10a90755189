from django import forms
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from network_site.pagination import paginate
from network_site.search import FilterForm

from ..models import LocalAuthority, Membership, viewer_is_member

PER_PAGE = 20
# What each word of a directory search is looked for in.
DIRECTORY_SEARCH_FIELDS = [
    "user__first_name",
    "user__last_name",
    "organisation__name",
    "organisation_name",
    "local_authority__name",
    "local_authority__short_name",
    "job_title",
    "ward",
]


def visible_listings(user):
    return Membership.objects.listed_for(user)


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label="Name, organisation or council", required=False, max_length=1000)
    category = forms.ChoiceField(label="Category", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    local_authority = forms.ModelChoiceField(
        label="Council",
        required=False,
        queryset=LocalAuthority.objects.none(),
        to_field_name="gss_code",
        empty_label="All councils",
    )
    lookups = {
        "category": "category",
        "region": "local_authority__region",
        "local_authority": "local_authority",
    }
    search_fields = DIRECTORY_SEARCH_FIELDS

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the viewer's listings contain: no empty choices, and nothing
        # that hints at members they may not see.
        self.fields["category"].choices = [("", "All categories"), *Membership.Category.choices]
        regions = (
            LocalAuthority.objects.filter(memberships__in=listings)
            .exclude(region="")
            .values_list("region", flat=True)
            .distinct()
            .order_by("region")
        )
        self.fields["region"].choices = [("", "All regions")] + [(r, r) for r in regions]
        self.fields["local_authority"].queryset = LocalAuthority.objects.filter(
            memberships__in=listings
        ).distinct()


@never_cache
@require_GET
def directory(request):
    """Approved members who chose to be listed, as far as this viewer may see them."""
    listings = visible_listings(request.user)
    form = DirectoryFilterForm(request.GET or None, listings=listings)
    results = form.filtered(listings) if form.is_bound else listings
    results = results.select_related("user", "local_authority", "organisation").order_by(
        "user__last_name", "user__first_name", "pk"
    )
    return TemplateResponse(
        request,
        "members/directory.html",
        {
            "form": form,
            "listings": paginate(request, results, per_page=PER_PAGE),
            "viewer_is_member": viewer_is_member(request.user),
            "filtered": form.is_bound and bool(form.active_filters),
        },
    )

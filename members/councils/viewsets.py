"""The staff screens for council commitments: one record per authority, kept by
membership officers, reached from the "Commitments" menu item and from
each authority's admin page (which links to the record, or to a new one for
that authority)."""

from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import LocalAuthority
from .models import Commitment


class CommitmentCreateView(generic.CreateView):
    def get_initial_form_instance(self):
        """A new record for the authority named by ``?authority=<pk>`` (from its
        admin page); anything else starts blank."""
        raw = self.request.GET.get("authority", "")
        authority = (
            LocalAuthority.objects.filter(pk=int(raw), commitment__isnull=True).first()
            if raw.isdigit() and len(raw) < 10
            else None
        )
        return Commitment(authority=authority) if authority else None


class CommitmentViewSet(ModelViewSet):
    model = Commitment
    icon = "pick"
    # Short enough for the admin menu, which cuts longer labels off.
    menu_label = "Commitments"
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = CommitmentCreateView
    list_display = ["authority", "endorsed_on", "champion_name", "updated_at"]
    list_filter = ["endorsed_by"]
    list_export = [
        "authority",
        "endorsed_on",
        "endorsed_by",
        "champion_name",
        "champion_role",
        "note",
        "updated_at",
    ]
    search_fields = ["authority__name", "authority__short_name", "champion_name"]
    ordering = ["authority__name"]
    copy_view_enabled = False


commitment_viewset = CommitmentViewSet("council_commitments")

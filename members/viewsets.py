from wagtail.admin.viewsets.model import ModelViewSet

from .models import LocalAuthority


class LocalAuthorityViewSet(ModelViewSet):
    model = LocalAuthority
    icon = "globe"
    menu_label = "Local authorities"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "gss_code", "nation", "region", "authority_type", "is_current"]
    list_filter = ["nation", "region", "is_current"]
    list_export = [
        "name",
        "short_name",
        "gss_code",
        "nation",
        "region",
        "authority_type",
        "is_current",
    ]
    search_fields = ["name", "short_name", "gss_code"]
    form_fields = [
        "name",
        "short_name",
        "gss_code",
        "nation",
        "region",
        "authority_type",
        "latitude",
        "longitude",
        "is_current",
    ]
    ordering = ["name"]
    inspect_view_enabled = True


local_authority_viewset = LocalAuthorityViewSet("local_authorities")

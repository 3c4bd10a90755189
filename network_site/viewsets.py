"""Admin screens for email: what was sent, what is retrying or failed, and the
addresses the provider reported as undeliverable. Both are records the system
writes, so nobody (superusers included) adds or edits them here."""

from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import OutboundEmail, UndeliverableAddress


class SystemRecordPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the actions that make sense for the model."""

    def __init__(self, model, allowed_actions):
        super().__init__(model)
        self.allowed_actions = frozenset(allowed_actions)

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in self.allowed_actions]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


class RefusedActionsPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except the actions ``refused`` to everyone (superusers
    included): records made only by the site's own flows, never by the generic
    create or delete forms."""

    def __init__(self, model, refused):
        super().__init__(model)
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class PermissionFirstInspectView(InspectView):
    """An inspect view that checks permission before it looks the object up, so
    staff without access learn nothing about which ids exist. ``object_queryset``
    says what to load with the object."""

    object_queryset = None

    def get_object(self, queryset=None):
        if not self.user_has_any_permission(self.any_permission_required):
            raise PermissionDenied
        objects = (
            self.object_queryset
            if self.object_queryset is not None
            else self.model._default_manager
        )
        return get_object_or_404(objects.all(), pk=self.pk)


class RecordViewSet(ModelViewSet):
    """The admin's screens for one kind of record: each record has its own page,
    none is copied, and the listing's search asks the database, so it works the
    same on SQLite and PostgreSQL."""

    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None


def inspect_title_column(index_view, name, *, label, sort_key, id_prefix, accessor=None):
    """A listing's title column: each row's ``accessor`` (``name`` when not given),
    linked to the row's inspect page, its id ``<id_prefix>_<pk>_title``."""
    title_column = index_view._get_title_column_class(TitleColumn)
    return title_column(
        name,
        label=label,
        accessor=accessor or name,
        get_url=index_view.get_inspect_url,
        get_title_id=lambda obj: f"{id_prefix}_{quote(obj.pk)}_title",
        sort_key=sort_key,
    )


# Registered before the viewsets are, so Wagtail does not create its default policy.
register_permission_policy(OutboundEmail, SystemRecordPermissionPolicy(OutboundEmail, {"view"}))
register_permission_policy(
    UndeliverableAddress,
    # Staff delete an address once the member has fixed it.
    SystemRecordPermissionPolicy(UndeliverableAddress, {"view", "delete"}),
)


# What staff see of each email's delivery, in the export and on its own page.
DELIVERY_FIELDS = [
    "to",
    "subject",
    "template",
    "kind",
    "status",
    "attempts",
    "created_at",
    "first_attempted_at",
    "next_attempt_at",
    "sent_at",
    "esp_message_id",
    "message_id",
    "last_error",
    "admins_notified_at",
    "body_pruned_at",
]


class OutboundEmailViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = "Sent and queued"
    menu_order = 100
    list_display = ["to", "subject", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind", "template", "created_at"]
    search_fields = ["to", "subject"]
    list_export = DELIVERY_FIELDS
    export_filename = "emails"
    inspect_view_enabled = True
    inspect_view_fields = [*DELIVERY_FIELDS, "reply_to", "user", "body_text"]
    copy_view_enabled = False
    # Saving a row must not queue a reference-index update: emails are saved often.
    add_to_reference_index = False
    form_fields = []


class UndeliverableAddressViewSet(ModelViewSet):
    model = UndeliverableAddress
    icon = "warning"
    menu_label = "Undeliverable addresses"
    menu_order = 200
    list_display = ["email", "reason", "detail", "recorded_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    list_export = ["email", "reason", "detail", "recorded_at", "esp_event_id"]
    export_filename = "undeliverable-addresses"
    inspect_view_enabled = True
    inspect_view_fields = ["email", "reason", "detail", "recorded_at", "esp_event_id"]
    copy_view_enabled = False
    # Saving a row must not queue a reference-index update: emails are saved often.
    add_to_reference_index = False
    form_fields = []


class EmailViewSetGroup(ModelViewSetGroup):
    menu_label = "Email"
    menu_icon = "mail"
    menu_order = 310
    items = (
        OutboundEmailViewSet("outbound_emails"),
        UndeliverableAddressViewSet("undeliverable_addresses"),
    )


email_viewset_group = EmailViewSetGroup()

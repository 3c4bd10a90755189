"""The staff side of introductions, in the admin: the requests, and a page per
request with its suggested matches, where a membership officer proposes members
and closes the request. Only membership officers (``members.decide_membership``,
``members.services.may_decide``) see or act on them: one permission, one rule."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.permission_policies.base import BasePermissionPolicy

from members.services import DECIDE_PERMISSION, may_decide
from network_site.refusals import submitted, tell_outcome
from network_site.viewsets import (
    PermissionFirstInspectView,
    RecordViewSet,
    inspect_title_column,
)

from . import services
from .forms import ProposeForm
from .models import Introduction, IntroductionRequest


class IntroductionPermissionPolicy(BasePermissionPolicy):
    """Membership officers (and superusers) see the requests; nobody adds, edits or
    deletes them in the admin: members ask on the site, staff act on the request's page."""

    def user_has_permission(self, user, action):
        return action == "view" and may_decide(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        app_label, codename = DECIDE_PERMISSION.split(".")
        granted = {"content_type__app_label": app_label, "codename": codename}
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(**{f"user_permissions__{key}": value for key, value in granted.items()})
                | Q(**{f"groups__permissions__{key}": value for key, value in granted.items()}),
                is_active=True,
            )
            .distinct()
        )


class IntroductionRequestIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("requester__user", "requester__organisation", "local_authority")
            .annotate(proposal_count=Count("introductions"))
        )

    @cached_property
    def columns(self):
        return [
            inspect_title_column(
                self,
                "requester",
                label="Asked by",
                accessor=requester_name,
                sort_key="requester__user__last_name",
                id_prefix="introduction_request",
            ),
            Column("kind", label="Asks to", accessor="get_kind_display", sort_key="kind"),
            Column("local_authority", label="Local authority", sort_key="local_authority__name"),
            Column("status", accessor="get_status_display", sort_key="status"),
            Column("proposal_count", label="Proposed", sort_key="proposal_count"),
            DateColumn("created_at", label="Asked", sort_key="created_at"),
        ]


def requester_name(introduction_request):
    membership = introduction_request.requester
    name = membership.user.get_full_name() or membership.user.email
    if membership.organisation:
        return f"{name} ({membership.organisation.name})"
    return name


class IntroductionRequestInspectView(PermissionFirstInspectView):
    template_name = "introductions/admin/inspect.html"
    page_title = "Introduction request"
    object_queryset = IntroductionRequest.objects.select_related(
        "requester__user",
        "requester__organisation",
        "requester__local_authority",
        "local_authority",
    )

    def get_page_subtitle(self):
        return f"{requester_name(self.object)}: {self.object.get_kind_display().lower()}"

    def get_fields_context(self):
        return []  # the template lays everything out itself

    def get_context_data(self, propose_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        introduction_request = self.object
        if propose_form is None and introduction_request.is_open:
            propose_form = ProposeForm(request=introduction_request)
        context.update(
            {
                "introduction_request": introduction_request,
                "requester_name": requester_name(introduction_request),
                "introductions": Introduction.objects.filter(request=introduction_request)
                .select_related("member__user", "member__organisation", "proposed_by")
                .order_by("proposed_at", "pk"),
                "matches": services.suggested_matches(introduction_request)
                if introduction_request.is_open
                else [],
                "propose_form": propose_form,
                "events": introduction_request.events.select_related("actor").order_by("at", "pk"),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not may_decide(request.user):
            raise PermissionDenied
        introduction_request = self.object
        if request.POST.get("action") == "close":
            tell_outcome(
                request,
                lambda: services.close(introduction_request, request.user),
                "The request is closed.",
            )
            return redirect("introduction_requests:inspect", introduction_request.pk)
        form = ProposeForm(request.POST, request=introduction_request)
        if submitted(
            form,
            lambda data: services.propose(introduction_request, data["member"], request.user),
        ):
            messages.success(
                request,
                f"Proposed {form.cleaned_data['member'].user}. We have emailed both sides to "
                "ask them; neither sees the other's contact details until both accept.",
            )
            return redirect("introduction_requests:inspect", introduction_request.pk)
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(propose_form=form), status=400)


class IntroductionRequestViewSet(RecordViewSet):
    model = IntroductionRequest
    icon = "group"
    menu_label = "Introductions"
    menu_order = 310  # after Members
    add_to_admin_menu = True
    index_view_class = IntroductionRequestIndexView
    inspect_view_class = IntroductionRequestInspectView
    list_filter = ["status", "kind"]
    search_fields = ["reason", "local_authority__name", "requester__user__email"]
    ordering = ["-created_at", "-pk"]
    form_fields = ["status"]


introduction_request_viewset = IntroductionRequestViewSet("introduction_requests")

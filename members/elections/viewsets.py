"""The Elections screens of the admin (under Settings): record elections one by
one or import a CSV of them, and see who was warned of a period and went ahead."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from network_site.refusals import Refused, add_to_form
from network_site.viewsets import PermissionFirstInspectView, RecordViewSet

from . import importing
from .forms import ElectionForm, ImportForm
from .models import Election

IMPORT_PERMISSION = "elections.add_election"


class ElectionInspectView(PermissionFirstInspectView):
    template_name = "elections/admin/inspect.html"
    object_queryset = Election.objects.select_related("authority")

    def get_fields_context(self):
        return []  # the template lays the election out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        election = self.object
        context.update(
            {
                "election": election,
                "is_default_start": election.period_starts == election.default_start(),
                "in_period": election.is_on(),
                "confirmations": election.confirmations.select_related("user")[:200],
            }
        )
        return context


class ElectionIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(IMPORT_PERMISSION):
            buttons.append(
                HeaderButton("Import a CSV", url=reverse("elections:import"), icon_name="upload")
            )
        return buttons


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV of elections: every row is checked and, if one is wrong,
    nothing is saved and the errors are listed by line."""

    template_name = "elections/admin/import.html"
    form_class = ImportForm
    page_title = "Import elections"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("elections:index"), "label": "Elections"},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        try:
            result = importing.import_elections(form.cleaned_data["file"].read())
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        if result.errors:
            count = len(result.errors)
            rows = "1 row needs" if count == 1 else f"{count} rows need"
            form.add_error("file", f"Nothing was imported: {rows} correcting.")
            return self.render_to_response(
                self.get_context_data(form=form, row_errors=result.errors), status=400
            )
        messages.success(
            self.request,
            f"Imported: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged.",
        )
        return redirect("elections:index")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ElectionViewSet(RecordViewSet):
    model = Election
    icon = "date"
    menu_label = "Elections"
    menu_order = 900
    add_to_settings_menu = True
    inspect_view_class = ElectionInspectView
    index_view_class = ElectionIndexView
    list_display = ["authority", "polling_day", "period_starts", "note"]
    list_filter = ["authority__nation", "polling_day"]
    list_export = ["authority", "polling_day", "period_starts", "note"]
    search_fields = ["authority__name", "authority__short_name", "authority__gss_code", "note"]
    ordering = ["-polling_day", "authority__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("authority"),
            FieldPanel("polling_day"),
            FieldPanel("period_starts"),
            FieldPanel("note"),
        ],
        base_form_class=ElectionForm,
    )

    def get_queryset(self, request):
        return Election.objects.select_related("authority")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", ImportView.as_view(), name="import"),
        ]


election_viewset = ElectionViewSet("elections")

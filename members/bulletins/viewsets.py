"""The Bulletins screens of the admin: write a bulletin with its audience, see
how many it reaches, preview it as HTML and as text, send a test to yourself,
send it now or at a time, and follow its progress."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import DeleteView, EditView
from wagtail.admin.widgets import AdminDateTimeInput

from events.models import EventPage
from members.elections import services as elections
from members.elections.forms import add_confirmation, check_confirmation
from members.models import LocalAuthority, Membership
from network_site.record_form_views import RecordFormView
from network_site.refusals import Refused, add_to_form, tell_outcome
from network_site.viewsets import PermissionFirstInspectView, RecordViewSet

from . import services
from .audience import audience, recipient_count
from .models import Bulletin
from .sending import render, unsubscribe_token, unsubscribe_url


class BulletinForm(WagtailAdminModelForm):
    categories = forms.MultipleChoiceField(
        label="Member categories",
        choices=Membership.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: every category.",
    )
    regions = forms.MultipleChoiceField(
        label="Regions",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Of the members' councils. None ticked: anywhere.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = (
            LocalAuthority.objects.current()
            .exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        self.fields["regions"].choices = [(region, region) for region in regions]
        self.fields["events"].queryset = EventPage.objects.live().order_by("-start")


def _segments_panel():
    return MultiFieldPanel(
        [
            FieldPanel("categories"),
            FieldPanel("regions"),
            FieldPanel("local_authorities"),
            FieldPanel("events"),
        ],
        heading="Audience",
        help_text=(
            "Only active members who agreed to receive bulletins, at an address that has "
            "not bounced, get it. Each segment you choose narrows the audience; choose none "
            "to send to every one of them."
        ),
    )


class DraftOnlyMixin:
    """Only a draft can be changed or deleted: a sent bulletin is a record of what
    members were told."""

    def dispatch(self, request, *args, **kwargs):
        bulletin = get_object_or_404(Bulletin, pk=kwargs.get("pk"))
        if not bulletin.is_draft:
            messages.error(request, "Only a draft bulletin can be changed or deleted.")
            return redirect("bulletins_admin:inspect", bulletin.pk)
        return super().dispatch(request, *args, **kwargs)


class BulletinEditView(DraftOnlyMixin, EditView):
    pass


class BulletinDeleteView(DraftOnlyMixin, DeleteView):
    pass


class BulletinInspectView(PermissionFirstInspectView):
    template_name = "bulletins/admin/inspect.html"
    page_title = "Bulletin"
    object_queryset = Bulletin.objects.prefetch_related("local_authorities", "events")

    def get_page_subtitle(self):
        return self.object.subject

    def get_fields_context(self):
        return []  # the template lays everything out itself

    def get_context_data(self, **kwargs):
        bulletin = self.object
        return {
            **super().get_context_data(**kwargs),
            "bulletin": bulletin,
            "category_labels": [Membership.Category(value).label for value in bulletin.categories],
            "recipients": recipient_count(bulletin) if bulletin.is_draft else None,
            "progress": None if bulletin.is_draft else services.progress(bulletin),
            "may_send": services.may_send(self.request.user),
        }


class BulletinScreen(RecordFormView):
    header_icon = "mail"
    listing_url_name = "bulletins_admin:index"
    listing_label = "Bulletins"

    def may(self, user):
        return services.may_send(user)

    def load(self, pk):
        self.bulletin = get_object_or_404(Bulletin, pk=pk)

    @cached_property
    def record_url(self):
        return reverse("bulletins_admin:inspect", args=[self.bulletin.pk])

    @property
    def record_label(self):
        return self.bulletin.subject

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "bulletin": self.bulletin}


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label="When",
        choices=[("now", "Now"), ("later", "At a time")],
        widget=forms.RadioSelect,
        initial="now",
    )
    send_at = forms.DateTimeField(
        label="Send at", required=False, widget=AdminDateTimeInput, help_text="London time."
    )

    def clean(self):
        data = super().clean()
        if data.get("when") == "later" and not data.get("send_at"):
            self.add_error("send_at", "Choose when to send it.")
        return data


class SendView(BulletinScreen):
    template_name = "bulletins/admin/send.html"
    form_class = SendForm
    page_title = "Send the bulletin"

    @cached_property
    def pre_election(self):
        """Elections in period whose council has councillors in the audience."""
        return elections.elections_for_councillors(audience(self.bulletin))

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        add_confirmation(form, self.pre_election)
        return form

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "recipients": recipient_count(self.bulletin),
            "listing_url": self.record_url,
            "pre_election_warning": elections.warning(self.pre_election),
        }

    def form_valid(self, form):
        if not check_confirmation(form, self.pre_election):
            return self.form_invalid(form)
        later = form.cleaned_data["when"] == "later"
        try:
            services.schedule(
                self.bulletin,
                by=self.request.user,
                send_at=form.cleaned_data["send_at"] if later else None,
            )
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        elections.record_confirmations(
            form.pre_election,
            user=self.request.user,
            where=elections.Where.BULLETIN_SEND,
            ref=f"bulletin:{self.bulletin.pk}",
            description=self.bulletin.subject,
        )
        if later:
            when = timezone.localtime(self.bulletin.send_at)
            messages.success(
                self.request, f"The bulletin will be sent at {when:%H:%M on %d %B %Y}."
            )
        else:
            messages.success(self.request, "The bulletin is being sent.")
        return redirect(self.record_url)


def _may_send_or_403(request, pk):
    if not services.may_send(request.user):
        raise PermissionDenied
    return get_object_or_404(Bulletin, pk=pk)


@require_GET
def preview(request, pk):
    bulletin = _may_send_or_403(request, pk)
    rendered = render(bulletin, unsubscribe=unsubscribe_url(unsubscribe_token(None)))
    return TemplateResponse(
        request,
        "bulletins/admin/preview.html",
        {
            "bulletin": bulletin,
            "rendered": rendered,
            "header_icon": "view",
            "header_title": f"Preview: {bulletin.subject}",
            "breadcrumbs_items": [
                {"url": reverse("bulletins_admin:index"), "label": "Bulletins"},
                {"url": reverse("bulletins_admin:inspect", args=[pk]), "label": bulletin.subject},
                {"url": "", "label": "Preview"},
            ],
        },
    )


@require_GET
@xframe_options_sameorigin
def preview_html(request, pk):
    """The email's HTML on its own, for the preview's frame."""
    bulletin = _may_send_or_403(request, pk)
    rendered = render(bulletin, unsubscribe=unsubscribe_url(unsubscribe_token(None)))
    return TemplateResponse(request, "bulletins/admin/raw.html", {"html": rendered.body_html})


@require_POST
def send_test(request, pk):
    bulletin = _may_send_or_403(request, pk)
    tell_outcome(
        request,
        lambda: services.send_test(bulletin, request.user),
        f"A test is on its way to {request.user.email}.",
    )
    return redirect("bulletins_admin:inspect", pk)


@require_POST
def stop(request, pk):
    bulletin = _may_send_or_403(request, pk)
    tell_outcome(
        request,
        lambda: services.unschedule(bulletin),
        "The bulletin will not be sent: it is a draft again.",
    )
    return redirect("bulletins_admin:inspect", pk)


class BulletinViewSet(RecordViewSet):
    model = Bulletin
    icon = "mail"
    menu_label = "Bulletins"
    url_prefix = "bulletins"
    menu_order = 320
    add_to_admin_menu = True
    inspect_view_class = BulletinInspectView
    edit_view_class = BulletinEditView
    delete_view_class = BulletinDeleteView
    list_display = ["subject", "status", "sent_at"]
    list_filter = ["status", "members_only"]
    search_fields = ["subject", "preheader"]
    ordering = ["-created_at", "-pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("subject"),
            FieldPanel("slug"),
            FieldPanel("preheader"),
            FieldPanel("body"),
            _segments_panel(),
            FieldPanel("members_only"),
        ],
        base_form_class=BulletinForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("preview/<int:pk>/", preview, name="preview"),
            path("preview/<int:pk>/html/", preview_html, name="preview_html"),
            path("test/<int:pk>/", send_test, name="send_test"),
            path("send/<int:pk>/", SendView.as_view(), name="send"),
            path("stop/<int:pk>/", stop, name="stop"),
        ]


bulletin_viewset = BulletinViewSet("bulletins_admin")

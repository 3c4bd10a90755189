"""The admin screens with one form about one record (an event's registrations, a
membership, an event request): who may open them, their breadcrumbs, and the
answer to a form with errors, in one place."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class RecordFormView(WagtailAdminTemplateMixin, FormView):
    """A staff form about one record. Staff whom ``may`` refuses get 403 before
    ``load`` looks the record up from the URL's arguments, so they learn nothing
    about which exist. The breadcrumbs lead from the listing (``listing_url_name``,
    ``listing_label``) through the record's own page (``record_url``,
    ``record_label``) to this screen; a form with errors comes back with 400."""

    listing_url_name = ""
    listing_label = ""

    def may(self, user) -> bool:
        raise NotImplementedError

    def load(self, **url_kwargs):
        raise NotImplementedError

    @property
    def record_url(self) -> str:
        raise NotImplementedError

    @property
    def record_label(self) -> str:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.may(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(self.listing_url_name), "label": self.listing_label},
            {"url": self.record_url, "label": self.record_label},
            {"url": "", "label": self.page_title},
        ]

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

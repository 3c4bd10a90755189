"""The page an editor sees before a page with cautions goes live
(network_site.cautions): the cautions, a box to tick for each, and the editor's
own form posted again with them ticked. Wired to Wagtail's page editor by
network_site.wagtail_hooks."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import TaskState

from . import cautions


class PublishCautionsView(WagtailAdminTemplateMixin, TemplateView):
    """Shown instead of publishing (or approving) a page while it has cautions the
    editor has not confirmed: each caution with a box to tick, and the editor's own
    form data posted again, unchanged, with the boxes ticked."""

    template_name = "components/admin/publish_cautions.html"
    page_title = "Before it goes live"
    header_icon = "warning"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        skip = {"csrfmiddlewaretoken", cautions.CONFIRM_FIELD}
        context["resubmitted"] = [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in skip
            for value in values
        ]
        context["confirm_field"] = cautions.CONFIRM_FIELD
        return context


def caution_before_going_live(request, page, parent, form_class):
    """The editor is publishing or approving ``page``: with their form applied to
    it, the cautions page when some of its cautions are not confirmed in the POST;
    None (Wagtail goes on) otherwise, once the confirmed ones are recorded."""
    form = form_class(
        request.POST, request.FILES, instance=page, parent_page=parent, for_user=request.user
    )
    if not form.is_valid():
        return None  # Wagtail shows the form's errors; the cautions come once it is valid
    candidate = form.save(commit=False)
    found = cautions.cautions_for(candidate)
    if not found:
        return None
    waiting = cautions.unconfirmed(found, request.POST.getlist(cautions.CONFIRM_FIELD))
    if waiting:
        view = PublishCautionsView.as_view(extra_context={"cautions": found, "page": candidate})
        return view(request)
    cautions.record(found, request.user, candidate)
    return None


WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"
TAKEN_TO_THE_EDITOR = (
    "This page has warnings to confirm before it goes live. Approve it here, in the "
    "page editor, where you can read and confirm them."
)


class WorkflowApprovalCautionMiddleware:
    """Approving a page from Wagtail's workflow pop-up (the dashboard's "Awaiting
    your review") does not pass through the page editor, so its cautions would go
    unseen: while the page has any, the approval is not made and the moderator is
    taken to the page editor, which shows them to confirm before approving."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method != "POST"
            or match is None
            or match.view_name != WORKFLOW_ACTION_VIEW
            or view_kwargs.get("action_name") != "approve"
            or not request.user.has_perm("wagtailadmin.access_admin")
        ):
            return None
        task_state = (
            TaskState.objects.filter(pk=view_kwargs.get("task_state_id"))
            .select_related("revision")
            .first()
        )
        if task_state is None or task_state.revision is None:
            return None  # Wagtail's own view says what is wrong
        if not cautions.cautions_for(task_state.revision.as_object()):
            return None
        edit_url = reverse("wagtailadmin_pages:edit", args=[view_kwargs["page_id"]])
        messages.warning(request, TAKEN_TO_THE_EDITOR)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
            )
        return redirect(edit_url)

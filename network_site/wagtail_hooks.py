from wagtail import hooks

from . import caution_views, staff_dashboard
from .models import OutboundEmail
from .viewsets import email_viewset_group


@hooks.register("register_admin_viewset")
def register_email_viewsets():
    return email_viewset_group


hooks.register("construct_homepage_panels", staff_dashboard.construct_homepage_panels)
# After Wagtail's own apps have added their summary items (pages, images, documents).
hooks.register(
    "construct_homepage_summary_items",
    staff_dashboard.construct_homepage_summary_items,
    order=1000,
)


@hooks.register(staff_dashboard.STAFF_DASHBOARD_COUNTS)
def emails_waiting(user):
    """Emails that failed for good: the provider refused them or kept failing."""
    if user.has_perm("network_site.view_outboundemail"):
        yield staff_dashboard.ListingCount(
            "Emails that failed",
            OutboundEmail.objects.all(),
            "outbound_emails:index",
            {"status": OutboundEmail.Status.FAILED},
            order=80,
        )


# Cautions before a page goes live (network_site.cautions): on the editor's
# publish, and on a workflow approval from the editor.


def _going_live(request):
    post = request.POST
    return bool(post.get("action-publish")) or (
        bool(post.get("action-workflow-action")) and post.get("workflow-action-name") == "approve"
    )


@hooks.register("before_edit_page")
def caution_before_publishing_an_edit(request, page):
    if request.method != "POST" or not _going_live(request):
        return None
    # A copy of the page to apply the editor's form to: Wagtail applies it to its own.
    candidate = page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()
    form_class = page.specific_class.get_edit_handler().get_form_class()
    return caution_views.caution_before_going_live(
        request, candidate, candidate.get_parent(), form_class
    )


@hooks.register("before_create_page")
def caution_before_publishing_a_new_page(request, parent_page, page_class):
    if request.method != "POST" or not request.POST.get("action-publish"):
        return None
    candidate = page_class(owner=request.user)
    candidate.locale = parent_page.locale
    form_class = page_class.get_edit_handler().get_form_class()
    return caution_views.caution_before_going_live(request, candidate, parent_page, form_class)

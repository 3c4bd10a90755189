"""The staff groups and the editorial workflow, made to exist after every `migrate`.

Editors write and submit; Moderators review and publish; Membership officers
decide membership applications in the admin; Event managers run events there
(registrations, waitlist, check-in, messages, cancelling) and keep the venues, while
Editors and Moderators write the event pages. Officers and managers both see the
payments (fees and tickets) and may refund them through Stripe. Communications
write and send the bulletins, with the images in them. Pages under the site
root go through one workflow, "Editorial review", whose single task is approval
by a Moderator, so an Editor's submission becomes public only when a Moderator
approves it.
"""

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Editors"
MODERATORS = "Moderators"
MEMBERSHIP_OFFICERS = "Membership officers"
EVENT_MANAGERS = "Event managers"
COMMUNICATIONS = "Communications"
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Moderator approval"

# Page permissions on the root page, for the whole tree.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Collection permissions for images and documents.
COLLECTION_PERMISSIONS = {
    EDITORS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    MODERATORS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
    COMMUNICATIONS: ["add_image", "choose_image"],
}
# The payments screens (network_site.payments.viewsets): see payments and the Stripe
# events that did not match, and refund through Stripe.
PAYMENT_PERMISSIONS = [
    "payments.view_payment",
    "payments.refund_payment",
    "payments.view_stripeevent",
]
# Elections (members.elections): record them, import them, see who was warned of a
# pre-election period and went ahead.
ELECTION_PERMISSIONS = [
    "elections.view_election",
    "elections.add_election",
    "elections.change_election",
    "elections.delete_election",
]
# Stories (stories/): keep the list of service areas, export the stories for
# reports. Moderators also record consent to a quote taken back.
STORY_PERMISSIONS = [
    "stories.add_servicearea",
    "stories.change_servicearea",
    "stories.export_storypage",
]
# Model permissions: admin access, snippets and (for moderators) site settings.
MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        "blog.add_author",
        "blog.change_author",
        "blog.add_blogcategory",
        "blog.change_blogcategory",
        "taggit.add_tag",
        "taggit.change_tag",
        *STORY_PERMISSIONS,
    ],
    MODERATORS: [
        "wagtailadmin.access_admin",
        "blog.add_author",
        "blog.change_author",
        "blog.delete_author",
        "blog.add_blogcategory",
        "blog.change_blogcategory",
        "blog.delete_blogcategory",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "network_site.change_organisationsettings",
        "network_site.change_navigationsettings",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        *STORY_PERMISSIONS,
        "stories.delete_servicearea",
        "stories.add_quotewithdrawal",
        "stories.view_quotewithdrawal",
    ],
    # Exactly what the membership screens need: see applications, organisations and
    # authorities, and decide applications; see payments and refund them; keep each
    # council's Keep it Local commitments (members.councils). No member,
    # organisation or authority is created or deleted.
    MEMBERSHIP_OFFICERS: [
        "wagtailadmin.access_admin",
        "members.view_membership",
        "members.change_membership",
        "members.decide_membership",
        "members.view_organisation",
        "members.view_localauthority",
        "councils.view_commitment",
        "councils.add_commitment",
        "councils.change_commitment",
        "councils.delete_commitment",
        *PAYMENT_PERMISSIONS,
        *ELECTION_PERMISSIONS,
    ],
    # Exactly what running events needs (events.permissions): see registrations, add
    # attendees, change them through the event's screens, and keep the venues; see
    # event requests and review them (events.requests.services).
    EVENT_MANAGERS: [
        "wagtailadmin.access_admin",
        "events.view_registration",
        "events.add_registration",
        "events.change_registration",
        "events.view_venue",
        "events.add_venue",
        "events.change_venue",
        "event_requests.view_eventrequest",
        "event_requests.change_eventrequest",
        "event_requests.view_eventrequestoutcome",
        *PAYMENT_PERMISSIONS,
        *ELECTION_PERMISSIONS,
    ],
    # Bulletins (members.bulletins): write them, send tests and send them.
    COMMUNICATIONS: [
        "wagtailadmin.access_admin",
        "bulletins.add_bulletin",
        "bulletins.change_bulletin",
        "bulletins.delete_bulletin",
        "bulletins.view_bulletin",
        "bulletins.send_bulletin",
    ],
}


def staff_to_notify(*groups, superusers=False):
    """The active staff who can receive email: the members of any of ``groups``,
    and every superuser too when ``superusers`` is set."""
    who = Q(groups__name__in=groups)
    if superusers:
        who |= Q(is_superuser=True)
    return get_user_model().objects.filter(who, is_active=True).exclude(email="").distinct()


def _permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_staff_roles(
    sender: AppConfig | None = None, using: str = "default", **kwargs: Any
) -> None:
    """Create or repair the groups and the workflow. Safe to run any number of times."""
    if sender is not None and sender.name != "network_site":
        return
    # Permissions are normally created after each app's migrations; make sure
    # every app's exist before they are granted.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return

    with transaction.atomic(using=using):
        groups = {}
        for name in (EDITORS, MODERATORS):
            group, _ = Group.objects.get_or_create(name=name)
            groups[name] = group
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission(f"wagtailcore.{codename}"),
                )
            for codename in COLLECTION_PERMISSIONS[name]:
                app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(f"{app_label}.{codename}"),
                )
            group.permissions.add(*[_permission(label) for label in MODEL_PERMISSIONS[name]])

        for name in (MEMBERSHIP_OFFICERS, EVENT_MANAGERS, COMMUNICATIONS):
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set([_permission(label) for label in MODEL_PERMISSIONS[name]])
            groups[name] = group
        for codename in COLLECTION_PERMISSIONS[COMMUNICATIONS]:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[COMMUNICATIONS],
                collection=root_collection,
                permission=_permission(f"wagtailimages.{codename}"),
            )

        # Editors never publish: remove a publish grant that an older set-up left.
        GroupPagePermission.objects.filter(
            group=groups[EDITORS], permission__codename="publish_page"
        ).delete()

        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([groups[MODERATORS]])

        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        if not workflow.active:
            workflow.active = True
            workflow.save(update_fields=["active"])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})

"""What follows a story's publication or review: the cached copies of its
council's page go (network_site.page_cache), and the member who sent it is
told when it is published or sent back to them."""

from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, page_unpublished, workflow_rejected

from network_site.page_cache import purge

from . import services
from .models import StoryPage


def purge_council_page(sender, instance, **kwargs):
    purge([reverse("councils:detail", args=[instance.local_authority.slug])])


def tell_submitter_published(sender, instance, **kwargs):
    if instance.first_published_at == instance.last_published_at:  # the first time
        services.tell_published(instance)


def tell_submitter_sent_back(sender, instance, **kwargs):
    story = instance.content_object.specific
    if not isinstance(story, StoryPage):
        return
    rejection = (
        TaskState.objects.filter(workflow_state=instance, status=TaskState.STATUS_REJECTED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    services.tell_sent_back(story, rejection.get_comment() if rejection else "")


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(purge_council_page, sender=StoryPage, dispatch_uid=f"stories.{signal}")
    page_published.connect(
        tell_submitter_published, sender=StoryPage, dispatch_uid="stories.tell_published"
    )
    workflow_rejected.connect(
        tell_submitter_sent_back, sender=WorkflowState, dispatch_uid="stories.tell_sent_back"
    )


# The base imports this module once, at start-up (network_site.app_modules.connect_signals).
connect()

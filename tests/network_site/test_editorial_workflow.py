import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState

from network_site import roles
from tests.factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def moderator():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    return user


@pytest.fixture
def draft(home_page, editor):
    page = StandardPageFactory(parent=home_page, title="A new page", live=False, owner=editor)
    page.save_revision(user=editor)
    return page


def test_groups_and_workflow_exist_after_migrate(home_page):
    editors = Group.objects.get(name=roles.EDITORS)
    moderators = Group.objects.get(name=roles.MODERATORS)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert moderators.permissions.filter(codename="change_organisationsettings").exists()
    assert not editors.page_permissions.filter(permission__codename="publish_page").exists()
    assert moderators.page_permissions.filter(permission__codename="publish_page").exists()
    workflow = home_page.get_workflow()
    assert workflow.name == roles.WORKFLOW_NAME
    assert [task.specific.groups.get() for task in workflow.tasks] == [moderators]


def test_setting_up_roles_again_changes_nothing(home_page):
    before = (
        Group.objects.get(name=roles.EDITORS).permissions.count(),
        Group.objects.get(name=roles.MODERATORS).page_permissions.count(),
    )
    roles.ensure_staff_roles()
    after = (
        Group.objects.get(name=roles.EDITORS).permissions.count(),
        Group.objects.get(name=roles.MODERATORS).page_permissions.count(),
    )
    assert before == after


def test_editor_cannot_publish_but_can_submit(draft, editor, moderator):
    assert not draft.permissions_for_user(editor).can_publish()
    assert draft.permissions_for_user(editor).can_submit_for_moderation()
    assert draft.permissions_for_user(moderator).can_publish()


def test_editor_submits_and_moderator_approves_to_publish(draft, editor, moderator):
    state = draft.get_workflow().start(draft, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(draft, editor) == []
    assert "approve" in [name for name, *_ in task.get_actions(draft, moderator)]
    assert not draft.live

    task.on_action(task_state, moderator, "approve")
    draft.refresh_from_db()
    assert draft.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_moderator_can_reject_back_to_the_editor(draft, editor, moderator):
    state = draft.get_workflow().start(draft, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")
    draft.refresh_from_db()
    state.refresh_from_db()
    assert not draft.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_sees_submit_not_publish_in_the_admin(client, draft, editor):
    client.force_login(editor)
    content = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "Submit to Editorial review" in content
    assert 'name="action-publish"' not in content


def test_editor_posting_publish_does_not_publish(client, draft, editor):
    client.force_login(editor)
    client.post(
        f"/admin/pages/{draft.pk}/edit/",
        {"title": draft.title, "slug": draft.slug, "body-count": "0", "action-publish": "1"},
    )
    draft.refresh_from_db()
    assert not draft.live


def test_preview_shows_the_unpublished_draft(client, draft, moderator):
    client.force_login(moderator)
    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    assert "A new page" in response.content.decode()


def test_scheduled_page_goes_live_when_the_publishing_command_runs(home_page, moderator):
    page = StandardPageFactory(parent=home_page, title="Scheduled", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=moderator)
    revision.publish(user=moderator)  # a future go-live time schedules instead of publishing
    revision.refresh_from_db()
    page.refresh_from_db()
    assert not page.live
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "published before its time"

    # An hour passes.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_scheduler_enqueues_scheduled_publishing(home_page, moderator):
    page = StandardPageFactory(parent=home_page, title="Scheduled by the clock", live=False)
    past = timezone.now() - datetime.timedelta(minutes=5)
    page.go_live_at = past
    revision = page.save_revision(user=moderator, approved_go_live_at=past)
    revision.content["go_live_at"] = past.isoformat()
    revision.save()

    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    page.refresh_from_db()
    assert page.live
    assert "network_site.tasks.publish_scheduled_pages" in out.getvalue()

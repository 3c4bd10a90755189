"""Stories from outcome reports carry exactly the consenting quotes; consent taken
back takes a quote off the live page, its feed, search and the export; the
member's export and erasure cover their submissions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageLogEntry

from members.personal_data import erase_member, export_member_data
from network_site.refusals import Refused
from network_site.roles import MODERATORS, ensure_staff_roles
from stories import services
from stories.models import QuoteWithdrawal, StoryPage, StorySubmission
from tests.exports import csv_text, xlsx_sheet
from tests.factories import EventRequestOutcomeFactory
from tests.members.membership_roles import verified_user

from .conftest import area, consented_quote, unconsented_quote

pytestmark = pytest.mark.django_db


SUMMARY = "The council now funds lunch clubs for five years."


def outcome_for(authority, *, quote="The room listened.", may_publish=True):
    return EventRequestOutcomeFactory(
        request__local_authority=authority,
        what_changed=SUMMARY,
        quote=quote,
        may_publish_quote=may_publish,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 12, 0)),
    )


@pytest.mark.parametrize(
    ("may_publish", "quote", "carried"),
    [
        (True, "The room listened.", ["The room listened."]),
        (False, "Private words.", []),
        (True, "   ", []),
    ],
)
def test_a_story_from_an_outcome_carries_exactly_the_consenting_quotes(
    story_index, leeds, may_publish, quote, carried
):
    outcome = outcome_for(leeds, quote=quote, may_publish=may_publish and bool(quote.strip()))
    story = services.story_from_outcome(
        outcome, user=outcome.submitted_by, service_area=area("adult-social-care")
    )
    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live
    assert [q.text for q in story.quotes.all()] == carried
    assert [q.text for q in story.consented_quotes()] == carried
    if carried:
        quote_row = story.quotes.get()
        assert quote_row.consent_recorded_on == datetime.date(2026, 5, 4)
        assert quote_row.from_outcome_report
    assert story.local_authority == leeds
    assert story.summary == SUMMARY
    assert story.submission.outcome == outcome
    assert story.submission.submitted_by == outcome.submitted_by
    assert story.latest_revision is not None


def test_one_story_per_outcome_report(story_index, leeds):
    outcome = outcome_for(leeds)
    services.story_from_outcome(outcome, user=None, service_area=area("other"))
    with pytest.raises(Refused):
        services.story_from_outcome(outcome, user=None, service_area=area("other"))
    assert StorySubmission.objects.count() == 1


def test_withdrawing_consent_takes_the_quote_off_everything(client, make_story, commit):
    staff = verified_user(is_staff=True, is_superuser=True)
    story = make_story(
        quotes=[consented_quote("Marmalade on Tuesdays."), consented_quote("Stays here.")]
    )
    assert "Marmalade on Tuesdays." in client.get(story.url).content.decode()
    quote = story.quotes.get(text="Marmalade on Tuesdays.")
    revisions_before = story.revisions.count()
    with commit():
        services.withdraw_quote_consent(story, quote.uuid, recorded_by=staff, note="By email.")

    page = client.get(story.url).content.decode()
    assert "Marmalade on Tuesdays." not in page
    assert "Stays here." in page
    assert "Marmalade" not in client.get("/stories/feed/").content.decode()
    assert client.get("/stories/", {"q": "marmalade"}).context["stories"].paginator.count == 0
    story.refresh_from_db()
    assert story.live
    assert story.revisions.count() == revisions_before + 1
    assert story.live_revision.user is None  # published by the system
    assert all("Marmalade" not in str(revision.content) for revision in story.revisions.all())
    withdrawal = QuoteWithdrawal.objects.get()
    assert withdrawal.recorded_by == staff
    assert withdrawal.note == "By email."
    assert PageLogEntry.objects.filter(
        page=story, action=services.WITHDRAW_CONSENT_ACTION, user=staff
    ).exists()
    # Taking it back twice records it once.
    services.withdraw_quote_consent(story, quote.uuid, recorded_by=staff)
    assert QuoteWithdrawal.objects.count() == 1


def test_a_withdrawn_quote_does_not_come_back_with_an_old_revision(client, make_story):
    story = make_story(quotes=[consented_quote("Marmalade on Tuesdays.")])
    old_revision = story.latest_revision
    quote = story.quotes.get()
    services.withdraw_quote_consent(story, quote.uuid, recorded_by=None)
    old_revision.refresh_from_db()
    old_revision.as_object().save_revision().publish()
    assert "Marmalade" not in client.get(story.url).content.decode()


def test_a_quote_from_another_story_is_refused(make_story):
    one = make_story(quotes=[consented_quote("Mine.")])
    other = make_story(title="Other")
    with pytest.raises(Refused):
        services.withdraw_quote_consent(other, one.quotes.get().uuid, recorded_by=None)
    assert not QuoteWithdrawal.objects.exists()


def moderator():
    ensure_staff_roles()
    user = verified_user(is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def test_a_moderator_takes_back_consent_in_the_admin(client, make_story):
    story = make_story(quotes=[consented_quote("Marmalade on Tuesdays.")])
    quote = story.quotes.get()
    client.force_login(moderator())
    url = f"/admin/stories/{story.pk}/consent/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"quote": "not-a-uuid"}).status_code == 400
    assert not QuoteWithdrawal.objects.exists()
    response = client.post(url, {"quote": str(quote.uuid), "note": "Phoned us."})
    assert response.status_code == 302
    assert QuoteWithdrawal.objects.get().note == "Phoned us."
    assert "Marmalade" not in client.get(story.url).content.decode()


def test_an_editor_may_not_take_back_consent(client, make_story):
    ensure_staff_roles()
    story = make_story(quotes=[consented_quote("Marmalade.")])
    editor = verified_user(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(f"/admin/stories/{story.pk}/consent/")
    # Wagtail answers a refused admin screen by sending the user back to the dashboard.
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.post(f"/admin/stories/{story.pk}/consent/", {"quote": "x"}).status_code == 302


def test_the_export_has_the_structured_fields_and_consented_quotes_only(client, make_story):
    story = make_story(
        quotes=[consented_quote("Marmalade on Tuesdays."), unconsented_quote("Zebra.")],
        outcome_choice="People chose.",
    )
    withdrawn = make_story(title="Withdrawn", quotes=[consented_quote("Taken back.")])
    services.withdraw_quote_consent(withdrawn, withdrawn.quotes.get().uuid, recorded_by=None)
    client.force_login(moderator())
    text = csv_text(client.get("/admin/reports/stories/", {"export": "csv"}))
    assert "Commissioning approach" in text
    assert "Reducing social isolation" in text
    assert "A lunch club in Harehills" in text
    assert "Leeds City Council" in text
    assert "Marmalade on Tuesdays." in text
    assert "People chose." in text
    assert "Zebra" not in text
    assert "Taken back." not in text
    sheet = xlsx_sheet(client.get("/admin/reports/stories/", {"export": "xlsx"}))
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert story.title in cells
    assert not any("Zebra" in cell or "Taken back." in cell for cell in cells)


def test_the_members_export_and_erasure_cover_their_submissions(story_index, leeds):
    published_outcome = outcome_for(leeds)
    member = published_outcome.submitted_by
    published = services.story_from_outcome(
        published_outcome, user=member, service_area=area("other")
    )
    StoryPage.objects.get(pk=published.pk).save_revision().publish()
    draft_outcome = outcome_for(leeds)
    draft_outcome.submitted_by = member
    draft_outcome.save()
    draft = services.story_from_outcome(draft_outcome, user=member, service_area=area("other"))

    exported = export_member_data(member)["records"]
    assert {row["title"] for row in exported["stories.StoryPage"]["rows"]} == {
        published.title,
        draft.title,
    }
    assert len(exported["stories.StorySubmission"]["rows"]) == 2

    erase_member(member)
    assert not StoryPage.objects.filter(pk=draft.pk).exists()
    kept = StoryPage.objects.get(pk=published.pk)
    assert kept.live
    assert kept.consented_quotes() == []
    assert not StorySubmission.objects.filter(submitted_by=member).exists()

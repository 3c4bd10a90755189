"""The Wagtail admin screens staff use for this issue open and list what they should."""

import pytest
from wagtail.admin.menu import admin_menu

from members.models import LocalAuthority
from tests.exports import csv_text
from tests.factories import AuthorFactory, BlogCategoryFactory
from tests.members.membership_roles import verified_user

pytestmark = pytest.mark.django_db


def test_snippets_and_settings_screens_open(superuser_client, home_page):
    AuthorFactory(name="Nia Patel")
    BlogCategoryFactory(name="Prevention")
    for url, expected in [
        ("/admin/snippets/blog/author/", "Nia Patel"),
        ("/admin/snippets/blog/blogcategory/", "Prevention"),
        ("/admin/settings/network_site/organisationsettings/", "Organisation"),
        ("/admin/settings/network_site/navigationsettings/", "Main navigation"),
    ]:
        response = superuser_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url


def test_local_authorities_can_be_browsed_searched_and_exported(superuser_client):
    LocalAuthority.objects.create(
        name="Leeds City Council", gss_code="E08000035", nation="england", region="Yorkshire"
    )
    LocalAuthority.objects.create(
        name="Cardiff Council", gss_code="W06000015", nation="wales", region="Wales"
    )
    listing = superuser_client.get("/admin/local_authorities/", {"q": "Leeds"})
    assert listing.status_code == 200
    assert "Leeds City Council" in listing.content.decode()
    assert "Cardiff Council" not in listing.content.decode()
    body = csv_text(superuser_client.get("/admin/local_authorities/", {"export": "csv"}))
    assert "E08000035" in body
    assert "W06000015" in body


def test_staff_user_screens_work_with_email_login(superuser_client):
    response = superuser_client.get("/admin/users/new/")
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_admin_sign_in_goes_through_the_accounts_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_every_top_level_admin_menu_label_fits_the_menu(rf):
    """Wagtail's sidebar cuts a label longer than about 16 characters off with an
    ellipsis ("Council commitme…"): each item a superuser sees fits in full."""
    request = rf.get("/admin/")
    request.user = verified_user(is_staff=True, is_superuser=True)
    labels = [item.label for item in admin_menu.menu_items_for_request(request)]
    assert "Commitments" in labels
    assert [label for label in labels if len(label) > 15] == []

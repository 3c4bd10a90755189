import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from network_site.payments import stripe_api
from tests.factories import BlogIndexPageFactory, HomePageFactory, LocalAuthorityFactory
from tests.members.membership_roles import verified_user
from tests.payments.fake_stripe import FakeStripe


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached pages
    from one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Images and documents written by a test stay in that test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def stripe_fake():
    """Stripe, faked at its HTTP boundary under the real SDK (tests/payments/fake_stripe.py)."""
    fake = FakeStripe()
    stripe_api.set_http_client(fake)
    yield fake
    stripe_api.set_http_client(None)


@pytest.fixture
def home_page(db):
    # Replace Wagtail's placeholder welcome page (and the site pointing at it).
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    return home


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block as a transaction that commits (the test itself runs in one that doesn't)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser_client(client):
    client.force_login(verified_user(is_staff=True, is_superuser=True))
    return client


# Two councils in different regions, for every test that needs a real place
# (Leeds is the demo councillor's, E08000035).
@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(
        gss_code="E08000035",
        name="Leeds City Council",
        short_name="Leeds",
        nation="england",
        region="Yorkshire and The Humber",
        authority_type="Metropolitan district",
    )


@pytest.fixture
def bristol(db):
    return LocalAuthorityFactory(
        gss_code="E06000023",
        name="Bristol City Council",
        short_name="City of Bristol",
        slug="bristol",
        nation="england",
        region="South West",
        authority_type="Unitary authority",
    )

"""allauth's rate limits: five wrong passwords for one address, then no more tries,
counted in the shared cache so that every app server sees the same count, and
per client: behind the proxy, the client's address is the one the proxy saw."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WRONG = "not-the-password"
WRONG_PASSWORD = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."
REDIS_TEST_URL = os.environ.get("KILN_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def attempt(client, email, password=WRONG):
    response = client.post("/accounts/login/", {"login": email, "password": password})
    html = response.content.decode()
    if TOO_MANY in html:
        return "refused"
    if WRONG_PASSWORD in html:
        return "wrong password"
    return response.status_code


@pytest.fixture
def locmem_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_a_sixth_wrong_password_is_refused(client, locmem_rate_limits):
    user = UserFactory()
    assert [attempt(client, user.email) for _ in range(5)] == ["wrong password"] * 5
    assert attempt(client, user.email) == "refused"
    # Even the right password waits for the window to pass.
    assert attempt(client, user.email, "a-strong-test-password") == "refused"
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_is_limited_too(client, locmem_rate_limits):
    user = UserFactory(is_staff=True, is_superuser=True)
    # /admin/ sends people to allauth's sign-in, the only one there is.
    login_url = client.get("/admin/")["Location"]
    assert login_url.startswith("/accounts/login/")
    for _ in range(5):
        client.post(login_url, {"login": user.email, "password": WRONG})
    response = client.post(login_url, {"login": user.email, "password": WRONG})
    assert TOO_MANY in response.content.decode()


PROXY = "10.0.0.2"


def behind_proxy(address, forged=None):
    """A client whose requests reach the app through the proxy, which appends the
    address it saw to whatever X-Forwarded-For the client sent."""
    forwarded = f"{forged}, {address}" if forged else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def one_proxy(settings):
    # What TRUSTED_PROXY_COUNT=1 (production's default) sets.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def wrong_passwords(client, count):
    """Wrong passwords for as many different addresses: only the per-client limit counts."""
    return [attempt(client, f"nobody{n}@example.org") for n in range(count)]


def test_two_clients_behind_one_proxy_are_limited_separately(one_proxy):
    ada, ben = behind_proxy("203.0.113.5"), behind_proxy("203.0.113.6")
    assert wrong_passwords(ada, 10) == ["wrong password"] * 10
    assert attempt(ada, "someone@example.org") == "refused"
    # Ben reaches the app through the same proxy, and nothing he did counts against him.
    assert attempt(ben, "someone@example.org") == "wrong password"


def test_a_forged_forwarded_for_does_not_escape_the_limit(one_proxy):
    for n in range(10):
        assert attempt(
            behind_proxy("203.0.113.5", forged=f"198.51.100.{n}"), f"x{n}@example.org"
        ) == ("wrong password")
    assert (
        attempt(behind_proxy("203.0.113.5", forged="198.51.100.99"), "y@example.org") == "refused"
    )


def test_a_header_set_by_the_proxy_can_name_the_client_instead(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    ada = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.5")
    ben = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.6")
    assert wrong_passwords(ada, 10) == ["wrong password"] * 10
    assert attempt(ada, "someone@example.org") == "refused"
    assert attempt(ben, "someone@example.org") == "wrong password"


@pytest.fixture
def shared_redis(settings):
    """Point this process's cache at a Redis database kept for tests, emptied before and after.
    Without Redis the test is skipped, except in CI (KILN_REQUIRE_REDIS=1), where it fails."""
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        reason = f"Redis is not reachable at {REDIS_TEST_URL}"
        if os.environ.get("KILN_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (KILN_REQUIRE_REDIS=1)", pytrace=False)
        pytest.skip(reason)
    connection.flushdb()
    # The same cache settings test.py builds from KILN_TEST_CACHE_URL in the other process.
    settings.CACHES = {
        "default": {
            "BACKEND": "network_site.cache.FailSoftRedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": "kiln-test",
        }
    }
    yield connection
    connection.flushdb()
    connection.close()


# The second app server: its own process, its own (freshly migrated) database, the
# same Redis. It makes two wrong attempts and prints what it was told.
SECOND_PROCESS = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.test import Client
    client = Client(REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(2):
        html = client.post(
            "/accounts/login/", {"login": "target@example.org", "password": "wrong"}
        ).content.decode()
        print("refused" if "Too many failed" in html else "wrong password")
    """
)


def test_the_limit_holds_across_app_processes(shared_redis, one_proxy, tmp_path):
    # One client, reaching each app server through a proxy of its own.
    client = behind_proxy("203.0.113.5")
    # The address has no account here or there: a guess still counts, so the limit
    # reveals nothing about which addresses exist.
    email = "target@example.org"
    assert [attempt(client, email) for _ in range(3)] == ["wrong password"] * 3

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network_site.settings.test",
        "KILN_TEST_CACHE_URL": REDIS_TEST_URL,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'second-process.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        "TRUSTED_PROXY_COUNT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["wrong password", "wrong password"]

    # Five wrong attempts between the two processes: the sixth is refused here.
    assert attempt(client, email) == "refused"

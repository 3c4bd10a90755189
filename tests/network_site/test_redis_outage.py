"""The site with its Redis stopped: pages are served, sign-in works, /healthz says
"degraded", and nothing written during the outage comes back stale afterwards.

Each test runs a redis-server of its own on a free port, stopped and started
again by the test. It keeps an append-only file, so that a Redis that comes
back still has what it held before (as after a network partition): the harder
case for staleness. Without redis-server the tests skip, except in CI
(KILN_REQUIRE_REDIS=1), where they fail.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache

from network_site import cache as fail_soft
from network_site import page_cache
from tests.factories import BlogPageFactory
from tests.members.membership_roles import verified_user

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisProcess:
    def __init__(self, directory):
        self.port = _free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        connection = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                connection.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_process(tmp_path, settings):
    if shutil.which("redis-server") is None:
        reason = "redis-server is not installed"
        if os.environ.get("KILN_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (KILN_REQUIRE_REDIS=1)", pytrace=False)
        pytest.skip(reason)
    server = RedisProcess(tmp_path)
    server.start()
    fail_soft._circuits.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "network_site.cache.FailSoftRedisCache",
            "LOCATION": server.url,
            # Retry at once: the tests do not wait out the circuit breaker.
            "OPTIONS": {"retry_seconds": 0, "local_fallback_prefixes": ["allauth:rl:"]},
        }
    }
    page_cache._bump_pending = False
    yield server
    if server.process.poll() is None:
        server.stop()
    fail_soft._circuits.clear()
    page_cache._bump_pending = False


@pytest.fixture
def page_cache_on(settings, home_page):
    settings.PAGE_CACHE_SECONDS = 300


def test_anonymous_pages_are_served_uncached_while_redis_is_down(
    redis_process, page_cache_on, client, blog_index
):
    article = BlogPageFactory(parent=blog_index, title="Libraries stay local")
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    redis_process.stop()
    for url in (article.url, "/blog/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response
    assert "Libraries stay local" in client.get(article.url).content.decode()
    redis_process.start()
    assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_a_publish_during_the_outage_is_not_undone_when_redis_comes_back(
    redis_process, page_cache_on, client, blog_index, django_capture_on_commit_callbacks
):
    article = BlogPageFactory(parent=blog_index, title="Before the outage")
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    redis_process.stop()
    article.title = "Published during the outage"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Published during the outage" in client.get(article.url).content.decode()
    # Redis comes back with the page it held (its append-only file).
    redis_process.start()
    response = client.get(article.url)
    assert "Published during the outage" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_signing_in_works_while_redis_is_down(redis_process, client):
    user = verified_user()
    redis_process.stop()
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "a-strong-test-password"}
    )
    assert response.status_code == 302
    # The session lives in the database; the next request finds it there.
    assert client.get("/members/dashboard/").wsgi_request.user == user


def test_sign_in_attempts_are_still_limited_while_redis_is_down(redis_process, client):
    user = verified_user()
    redis_process.stop()
    wrong = {"login": user.email, "password": "not-the-password"}
    answers = [
        "refused"
        if TOO_MANY in client.post("/accounts/login/", wrong).content.decode()
        else "tried"
        for _ in range(6)
    ]
    assert answers == ["tried"] * 5 + ["refused"]


def test_a_session_ended_during_the_outage_does_not_come_back_with_redis(redis_process, client):
    user = verified_user()
    client.post("/accounts/login/", {"login": user.email, "password": "a-strong-test-password"})
    assert client.get("/members/dashboard/").wsgi_request.user == user
    old_session = client.cookies["sessionid"].value
    redis_process.stop()
    client.post("/accounts/logout/")
    # Someone still holding the old cookie (a shared computer, a stolen cookie)...
    client.cookies["sessionid"] = old_session
    assert client.get("/members/dashboard/").wsgi_request.user.is_anonymous
    # ...finds it ended after Redis comes back with its copy of the session.
    redis_process.start()
    client.cookies["sessionid"] = old_session
    assert client.get("/members/dashboard/").wsgi_request.user.is_anonymous


def test_healthz_says_degraded_while_redis_is_down_and_ok_after(redis_process, client):
    assert client.get("/healthz").json()["status"] == "ok"
    redis_process.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
    redis_process.start()
    response = client.get("/healthz")
    assert response.json() == {**response.json(), "status": "ok", "cache": "ok"}


def test_after_a_failure_redis_is_not_tried_again_until_the_retry_time(
    redis_process, settings, monkeypatch
):
    settings.CACHES["default"]["OPTIONS"] = {"retry_seconds": 60, "local_fallback_prefixes": []}
    fail_soft._circuits.clear()
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(1)
        raise redis.exceptions.ConnectionError("refused")

    monkeypatch.setattr(fail_soft.FailSoftRedisCacheClient, "get_client", refuse)
    assert [cache.get(f"key{n}", "missed") for n in range(20)] == ["missed"] * 20
    cache.set("written", "value")
    assert attempts == [1]
    # /healthz always makes a real attempt, and says what it found.
    assert cache.ping() is False
    assert attempts == [1, 1]

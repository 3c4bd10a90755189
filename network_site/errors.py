"""The site's error pages: 400, 403 (and a refused CSRF check), 404, 429 and 500.

The 400 and 500 pages render without the database, settings, context processors
or the request, because they are shown precisely when something of those has
failed (a 400 may come from a request whose Host header cannot be trusted). The
others render in the site's design and say what to do next.
"""

from allauth.core import ratelimit
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# A limit that does not say how long it lasts (allauth's per-minute limits).
DEFAULT_RETRY_AFTER = 60
HOUR = 60 * 60


def bad_request(request, exception):
    return HttpResponse(loader.get_template("400.html").render(), status=400)


@requires_csrf_token
def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="403.html")


@requires_csrf_token
def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403).render()


@requires_csrf_token
def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())


def _wait(seconds: int) -> str:
    if seconds >= 3600:
        hours = round(seconds / 3600)
        return "an hour" if hours == 1 else f"{hours} hours"
    minutes = max(1, round(seconds / 60))
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def too_many_requests(request: HttpRequest, *, retry_after: int, reason: str = "") -> HttpResponse:
    """The 429 page, with ``Retry-After``: how long the reader should wait."""
    response = TemplateResponse(
        request,
        "429.html",
        {"reason": reason, "retry_after_text": _wait(retry_after)},
        status=429,
    ).render()
    response["Retry-After"] = str(retry_after)
    return response


def over_hourly_limit(request: HttpRequest, action: str, reason: str) -> HttpResponse | None:
    """allauth's limiter for ``action`` (at the rate ACCOUNT_RATE_LIMITS gives it),
    for what emails other people: None while the person is within it, else the 429
    page saying ``reason`` and to wait an hour."""
    if ratelimit.consume(request, action=action):
        return None
    return too_many_requests(request, retry_after=HOUR, reason=reason)


class RetryAfterMiddleware:
    """Every 429 says when to try again: allauth's own 429 page (429.html, for its
    per-minute limits) gets the default wait."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER)
        return response

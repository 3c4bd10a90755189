"""View decorators the apps share."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods


def signed_in_view(*methods: str) -> Callable[[Callable], Callable]:
    """A page of the signed-in person's own: never cached (it shows what is theirs),
    sign-in first, then only ``methods`` (GET when none are named; 405 for others)."""
    allowed = list(methods or ("GET",))

    def decorate(view: Callable) -> Callable:
        return never_cache(login_required(require_http_methods(allowed)(view)))

    return decorate

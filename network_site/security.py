"""The Content-Security-Policy of every response: the site's strict one, and the
Wagtail admin's own.

The site's policy (``CONTENT_SECURITY_POLICY`` in settings) allows scripts only
from the site itself or with the response's nonce, no plugins, no framing by
anyone, and no ``<base>`` elsewhere. The Wagtail admin needs more (its editors
and choosers set inline styles and its pages run inline scripts; its page
preview frames the site), so paths under the admin get
``ADMIN_CONTENT_SECURITY_POLICY`` instead; both are documented in settings.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


class SitePolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for the admin's paths."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

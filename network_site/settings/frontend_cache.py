"""Frontend caches from the environment: the backends of Wagtail's frontend cache
(``WAGTAILFRONTENDCACHE``) that page_cache.py purges on every change, with the
same URLs it purges from its own cache.

- ``FRONTEND_CACHE_PURGE_URL``: an HTTP cache that takes ``PURGE`` requests, such
  as the nginx microcache of deploy/nginx (its purge listener on loopback).
- ``CLOUDFLARE_BEARER_TOKEN`` and ``CLOUDFLARE_ZONE_ID``: Cloudflare.
- ``CLOUDFRONT_DISTRIBUTION_ID``: Amazon CloudFront (credentials as for boto3).
"""

from typing import Any

import environ


def frontend_caches(env: environ.Env) -> dict[str, dict[str, Any]]:
    backends: dict[str, dict[str, Any]] = {}
    if location := env.str("FRONTEND_CACHE_PURGE_URL", default="").strip():
        backends["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    token = env.str("CLOUDFLARE_BEARER_TOKEN", default="").strip()
    zone = env.str("CLOUDFLARE_ZONE_ID", default="").strip()
    if token and zone:
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": token,
            "ZONEID": zone,
        }
    if distribution := env.str("CLOUDFRONT_DISTRIBUTION_ID", default="").strip():
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends

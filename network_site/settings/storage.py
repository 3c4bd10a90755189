"""Media storage from the environment: the local disk, or S3-compatible object
storage when ``AWS_STORAGE_BUCKET_NAME`` is set.

django-storages reads its options from ``STORAGES[...]["OPTIONS"]``, not from the
environment, so every one is passed here. The bucket holds two kinds of object:

- ``default`` (network_site.storage.PrivateMediaStorage): documents and original
  images. Private objects (no ACL, the bucket blocks public access); every URL is
  signed and expires after ``AWS_QUERYSTRING_EXPIRE`` seconds, and a document's
  URL makes the browser download it. Wagtail's document view checks a private
  collection's restriction before it redirects to such a URL
  (``WAGTAILDOCS_SERVE_METHOD = "redirect"``), so the file never passes through
  an app server and a shared link stops working when it expires.
- ``renditions`` (``WAGTAILIMAGES_RENDITION_STORAGE``): the resized images that
  pages show, under ``images/``. Unsigned URLs, so that cached pages and a CDN
  keep working; the bucket policy (or the CDN in front, ``AWS_S3_CUSTOM_DOMAIN``)
  must let anyone read ``images/*`` and nothing else.
"""

from typing import Any
from urllib.parse import urlsplit

import environ


def s3_storages(env: environ.Env) -> dict[str, Any] | None:
    """The STORAGES entries for S3, or None when no bucket is configured."""
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="").strip()
    if not bucket:
        return None
    endpoint_url = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    common = {
        "bucket_name": bucket,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "endpoint_url": endpoint_url,
        # Without keys boto3 finds credentials itself (an instance or task role).
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "signature_version": "s3v4",
        # Another S3 API (MinIO, a test server) is usually addressed by path.
        "addressing_style": env.str(
            "AWS_S3_ADDRESSING_STYLE", default="path" if endpoint_url else "virtual"
        ),
        "file_overwrite": False,
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": "network_site.storage.PrivateMediaStorage",
            "OPTIONS": {
                **common,
                "querystring_auth": True,
                "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            },
        },
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "querystring_auth": False,
                "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
                # Renditions never change under one name: let browsers keep them.
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }


def public_media_origins(storages: dict[str, Any] | None) -> list[str]:
    """Where pages load rendition images from, for the Content-Security-Policy."""
    if not storages:
        return []
    options = storages["renditions"]["OPTIONS"]
    if options["custom_domain"]:
        return [f"https://{options['custom_domain']}"]
    if options["endpoint_url"]:
        parts = urlsplit(options["endpoint_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    bucket, region = options["bucket_name"], options["region_name"]
    if region:
        return [f"https://{bucket}.s3.{region}.amazonaws.com"]
    return [f"https://{bucket}.s3.amazonaws.com"]

"""Media on S3, against a real S3 API: moto's server on a free loopback port.

The storage settings come from ``network_site.settings.storage.s3_storages``,
the function the settings call with the environment, given here the variables a
deployment would set. Documents and original images are private and reached
only through signed, expiring URLs; renditions are public under ``images/``, as
the bucket policy the README asks for allows.
"""

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import boto3
import environ
import pytest
from moto.server import ThreadedMotoServer
from wagtail.images.models import get_rendition_storage

from network_site.settings.storage import public_media_origins, s3_storages
from tests.network_site.test_uploads import (
    PDF,
    Document,
    Image,
    png,
    private_document,  # noqa: F401 (a fixture)
    upload_document,
    upload_image,
)

pytestmark = pytest.mark.django_db

BUCKET = "keepitlocal-media"
KEYS = {"AWS_ACCESS_KEY_ID": "moto-test-key", "AWS_SECRET_ACCESS_KEY": "moto-test-secret"}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(**variables):
    env = environ.Env()
    env.ENVIRON = variables
    return env


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-2",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    # The bucket policy the README asks for: anyone may read renditions, nothing else.
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/images/*",
                    }
                ],
            }
        ),
    )
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    if listed:
        client.delete_objects(
            Bucket=BUCKET, Delete={"Objects": [{"Key": item["Key"]} for item in listed]}
        )
    client.delete_bucket_policy(Bucket=BUCKET)
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def s3_media(settings, bucket, s3_endpoint, monkeypatch):
    storages = s3_storages(
        environment(
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_REGION_NAME="eu-west-2",
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_QUERYSTRING_EXPIRE="120",
            **KEYS,
        )
    )
    # As settings/base.py does when AWS_STORAGE_BUCKET_NAME is set.
    settings.STORAGES = {**settings.STORAGES, **storages}
    settings.WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    # The rendition model reads its storage once, when the models load.
    rendition_field = Image.get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(rendition_field, "storage", get_rendition_storage())
    return bucket


def fetch(url):
    """What S3 answers a browser that follows ``url``: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def keys_in(bucket):
    return sorted(item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_the_settings_pass_every_option_to_django_storages():
    storages = s3_storages(
        environment(
            AWS_STORAGE_BUCKET_NAME="charity-media",
            AWS_S3_REGION_NAME="eu-west-2",
            AWS_S3_CUSTOM_DOMAIN="media.example.org",
            AWS_QUERYSTRING_EXPIRE="600",
            **KEYS,
        )
    )
    private, public = storages["default"]["OPTIONS"], storages["renditions"]["OPTIONS"]
    for options in (private, public):
        assert options["bucket_name"] == "charity-media"
        assert options["region_name"] == "eu-west-2"
        assert options["access_key"] == KEYS["AWS_ACCESS_KEY_ID"]
        assert options["secret_key"] == KEYS["AWS_SECRET_ACCESS_KEY"]
        assert options["file_overwrite"] is False
        assert options["default_acl"] is None
    assert storages["default"]["BACKEND"] == "network_site.storage.PrivateMediaStorage"
    assert (private["querystring_auth"], private["querystring_expire"]) == (True, 600)
    assert "custom_domain" not in private  # a CDN must never serve the private files
    assert (public["querystring_auth"], public["custom_domain"]) == (False, "media.example.org")
    assert public_media_origins(storages) == ["https://media.example.org"]
    assert s3_storages(environment()) is None


def test_an_image_uploaded_in_the_admin_is_stored_and_its_rendition_served(
    s3_media, superuser_client
):
    assert upload_image(superuser_client, "meeting.png", png(80, 60)).status_code == 302
    image = Image.objects.get()
    assert keys_in(s3_media) == [image.file.name]
    assert image.file.name.startswith("original_images/")

    rendition = image.get_rendition("fill-40x30")
    assert rendition.file.name.startswith("images/")
    assert rendition.file.name in keys_in(s3_media)
    # Pages link renditions unsigned, so a cached page keeps working.
    assert "Signature" not in rendition.url
    status, body, headers = fetch(rendition.url)
    assert status == 200
    assert body.startswith(b"\x89PNG")
    assert "immutable" in headers["Cache-Control"]
    # The original is private: only a signed URL reads it.
    assert fetch(image.file.url)[0] == 200
    assert fetch(image.file.url.split("?")[0])[0] == 403


def test_a_document_is_downloaded_through_a_signed_expiring_url(s3_media, superuser_client):
    assert upload_document(superuser_client, "principles.pdf", PDF).status_code == 302
    document = Document.objects.get()
    assert keys_in(s3_media) == [document.file.name]

    response = superuser_client.get(document.url)
    assert response.status_code == 302
    signed = response["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["120"]
    assert query["X-Amz-Signature"]
    assert query["response-content-disposition"][0].startswith("attachment")
    status, body, headers = fetch(signed)
    assert (status, body) == (200, PDF)
    assert headers["Content-Disposition"].startswith("attachment")
    # Without its signature the same address is refused.
    assert fetch(signed.split("?")[0])[0] == 403


def test_a_private_document_is_not_handed_to_a_visitor(s3_media, client, private_document):  # noqa: F811
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert fetch(private_document.file.url.split("?")[0])[0] == 403


def test_pages_may_load_renditions_from_the_bucket(settings):
    storages = s3_storages(
        environment(AWS_STORAGE_BUCKET_NAME="charity-media", AWS_S3_REGION_NAME="eu-west-2")
    )
    assert public_media_origins(storages) == ["https://charity-media.s3.eu-west-2.amazonaws.com"]
    endpoint = s3_storages(
        environment(AWS_STORAGE_BUCKET_NAME="m", AWS_S3_ENDPOINT_URL="https://s3.example.net:9000")
    )
    assert public_media_origins(endpoint) == ["https://s3.example.net:9000"]


def test_the_settings_use_s3_when_a_bucket_is_named():
    """The real settings module, imported in a process of its own with the
    environment a deployment sets."""
    script = (
        "from django.conf import settings;"
        "print(settings.STORAGES['default']['BACKEND']);"
        "print(settings.STORAGES['default']['OPTIONS']['bucket_name']);"
        "print(settings.WAGTAILIMAGES_RENDITION_STORAGE, settings.WAGTAILDOCS_SERVE_METHOD);"
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network_site.settings.base",
        "AWS_STORAGE_BUCKET_NAME": "charity-media",
        "AWS_S3_REGION_NAME": "eu-west-2",
    }
    output = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert output[:4] == [
        "network_site.storage.PrivateMediaStorage",
        "charity-media",
        "renditions redirect",
        "https://charity-media.s3.eu-west-2.amazonaws.com",
    ]

"""Uploads in the admin: each bad file refused with a message beside the field and
nothing stored, and documents served only through Wagtail's view, which honours
private collections and always sends a download."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png(width=40, height=30):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#1d4e5f").save(buffer, "PNG")
    return buffer.getvalue()


def png_bomb(width=9_000, height=9_000):
    """A PNG of a few kilobytes on disk and 81 million pixels (240 MB of RGB) unpacked:
    under Wagtail's default limit of 128 million, over ours."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\0" + b"\0" * ((width + 7) // 8)
    pixels = zlib.compress(row * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def upload(client, kind, name, content):
    """Add a document or an image through the admin, as an editor would."""
    return client.post(
        f"/admin/{kind}/add/",
        {
            "title": "An upload",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_document(client, name, content):
    return upload(client, "documents", name, content)


def upload_image(client, name, content):
    return upload(client, "images", name, content)


def field_errors(response):
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


def test_a_real_pdf_and_a_text_file_are_accepted(superuser_client):
    assert upload_document(superuser_client, "principles.pdf", PDF).status_code == 302
    text = "Name,Council\nAda,Leeds City Council\nZoë,Bristol\n".encode()
    assert upload_document(superuser_client, "contacts.csv", text).status_code == 302
    assert Document.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("principles.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("minutes.docx", b"<html><body>Not a Word file</body></html>"),
        ("notes.txt", b"<!DOCTYPE html><html><body onload=alert(1)></body></html>"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 4),
        ("figures.csv", PDF),
    ],
)
def test_a_document_whose_contents_do_not_match_its_name_is_refused(
    superuser_client, settings, name, content
):
    before = stored_files(settings)
    response = upload_document(superuser_client, name, content)
    assert response.status_code == 200
    assert "is not a real ." in field_errors(response)
    assert "what is inside does not match its name" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Not a supported image format",
        ),
        ("bomb.png", png_bomb(), "pixels"),
        ("huge.png", png() + b"\0" * (10 * 1024 * 1024), "This file is too big"),
        ("photo.png", b"<html>not an image</html>", "Not a valid .png image"),
    ],
)
def test_a_bad_image_is_refused(superuser_client, settings, name, content, message):
    before = stored_files(settings)
    response = upload_image(superuser_client, name, content)
    assert response.status_code == 200
    assert message in field_errors(response)
    assert not Image.objects.exists()
    assert stored_files(settings) == before


def test_a_good_image_is_accepted(superuser_client):
    assert upload_image(superuser_client, "meeting.png", png()).status_code == 302
    assert Image.objects.count() == 1


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    board = root.add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document(title="Board minutes", collection=board)
    document.file.save("minutes.pdf", io.BytesIO(PDF), save=False)
    document.save()
    return document


def test_a_private_document_is_not_served_to_a_visitor(client, private_document):
    assert private_document.url.startswith("/documents/")
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # And Django never serves /media/ itself outside development.
    assert client.get("/media/" + private_document.file.name).status_code == 404


def test_a_document_is_always_a_download_from_wagtails_view(superuser_client, private_document):
    response = superuser_client.get(private_document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF

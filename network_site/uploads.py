"""What an upload must be before Wagtail stores it.

Images: Wagtail checks the format against the extension and refuses what it
cannot read; the settings (base.py) limit the extensions (no SVG, which can carry
script), the bytes and the pixels (a small PNG can unpack to gigabytes).
Documents: Wagtail checks only the extension, so ``DocumentForm`` (the form base
of every document upload in the admin, single or multiple) reads the start of the
file and refuses one whose contents are not what its name says: an HTML page
named ``.pdf`` would otherwise be served to readers as the network's PDF.
"""

import filetype
from django import forms
from wagtail.documents.forms import BaseDocumentForm

# What the contents of a file with each extension may be, as `filetype` names it.
# Office Open XML and OpenDocument files are zip archives; some writers lay them
# out so that only the zip shows.
BINARY_KINDS = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt", "zip"},
    "zip": {"zip"},
    "rtf": {"rtf"},
}
# Plain text: no binary signature, no NUL byte, readable as UTF-8 (or Windows-1252,
# which spreadsheet programs still write), and not a web page.
TEXT_EXTENSIONS = {"csv", "txt"}
SNIFF_BYTES = 8192
MARKUP_STARTS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")


def content_matches(extension: str, head: bytes) -> bool:
    """Whether a file whose name ends in ``extension`` starts with ``head``."""
    if extension in TEXT_EXTENSIONS:
        if b"\0" in head or filetype.guess(head) is not None:
            return False
        if head.lstrip().lower().startswith(MARKUP_STARTS):
            return False
        for encoding in ("utf-8", "cp1252"):
            try:
                # The sniffed bytes may end inside a character.
                head.decode(encoding) if len(head) < SNIFF_BYTES else head[:-4].decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
        return False
    kind = filetype.guess(head)
    return kind is not None and kind.extension in BINARY_KINDS.get(extension, set())


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if not content_matches(extension, head):
            raise forms.ValidationError(
                f"This file is not a real .{extension} file: what is inside does not "
                f"match its name. Save it as .{extension} from the program that made "
                "it, and upload it again.",
                code="content_mismatch",
            )
        return upload

"""The private half of S3 media storage (settings/storage.py says which is which)."""

import posixpath
from typing import Any

from storages.backends.s3 import S3Storage


class PrivateMediaStorage(S3Storage):
    """Documents and original images: signed, expiring URLs. A document's URL
    also tells the browser to download the file rather than open it, as the
    site's own document view does: an uploaded HTML or SVG file must not run in
    a browser tab."""

    def url(
        self,
        name: str,
        parameters: dict[str, Any] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        if name.startswith("documents/"):
            filename = posixpath.basename(name).replace('"', "")
            parameters = {
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
                **(parameters or {}),
            }
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

"""Playwright's ``expect`` for the browser tests, or a skip of the importing module
when Playwright for Python is missing (a failure in CI, which sets
KILN_REQUIRE_BROWSER=1)."""

import os

import pytest

try:
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("KILN_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip(
        "Playwright for Python is not installed: pip install -e '.[dev]'",
        allow_module_level=True,
    )

__all__ = ["expect"]

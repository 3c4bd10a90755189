"""What import-linter cannot see: imports hidden inside functions, and the wiring
each app contributes through its ``signals`` module (network_site.app_modules)."""

import ast
from pathlib import Path

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from wagtail.signals import page_published

from network_site.payments.models import Payment
from network_site.payments.services import registered_purposes

ROOT = Path(settings.BASE_DIR)
# Issue 10: at most five imports inside functions in the whole tree (tests aside),
# each with a comment saying why (the line above it, or on it).
MOST_FUNCTION_LEVEL_IMPORTS = 5


def function_level_imports(path: Path):
    """(line, has a comment saying why) for each import inside a function of ``path``."""
    source = path.read_text()
    lines = source.splitlines()

    def says_why(line: int) -> bool:
        return "#" in lines[line - 1] or lines[line - 2].strip().startswith("#")

    found = {
        (inner.lineno, says_why(inner.lineno))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    }
    return sorted(found)


def project_modules():
    """The project's own modules: its apps' packages (settings.LOCAL_APPS), the
    benchmarks and the deploy scripts, without migrations."""
    packages = {name.split(".")[0] for name in settings.LOCAL_APPS} | {"bench", "deploy"}
    return [
        path
        for package in sorted(packages)
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]


def test_few_imports_hide_in_functions_and_each_says_why():
    modules = project_modules()
    assert len(modules) > 100, "the walk must see the project's modules"
    hidden = [
        (path.relative_to(ROOT), line, said)
        for path in modules
        for line, said in function_level_imports(path)
    ]
    assert len(hidden) <= MOST_FUNCTION_LEVEL_IMPORTS, hidden
    assert [place for *place, said in hidden if not said] == []


def test_the_walk_finds_an_import_in_a_function(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def f():\n    import os\n\n    # why\n    from x import y\n")
    assert function_level_imports(module) == [(2, False), (5, True)]


def test_every_app_has_wired_itself_in_through_its_signals_module():
    assert {purpose for purpose, _ in registered_purposes()} == set(Payment.Purpose.values)
    receivers = {
        signal: {entry[0][0] for entry in signal.receivers}
        for signal in (user_logged_in, post_save, page_published)
    }
    assert "members.start_staff_session" in receivers[user_logged_in]
    assert "perms.user_saved" in receivers[post_save]  # members.auth_backends
    assert "elections.saved" in receivers[post_save]
    assert {"events.calendar_sequence", "event_requests.request_scheduled"} <= receivers[
        page_published
    ]


def test_only_the_base_has_a_ready_method():
    readies = [
        name
        for name in settings.LOCAL_APPS
        if "def ready(" in (ROOT / name.replace(".", "/") / "apps.py").read_text()
    ]
    assert readies == ["network_site"]

"""What the apps contribute to the base, found through the app registry: the base
names no app."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_submodules(name: str) -> list[ModuleType]:
    """The ``name`` module of every installed app that has one (``demo``,
    ``site_setup``), in INSTALLED_APPS order."""
    return [
        import_module(f"{app.name}.{name}")
        for app in apps.get_app_configs()
        if module_has_submodule(app.module, name)
    ]

"""What the apps contribute to the base, found through the app registry: the base
names no app."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def app_submodules(name: str) -> list[ModuleType]:
    """The ``name`` module (``signals``, ``demo``, ``scale_data``, ``site_setup``) of
    every one of the project's apps (settings.LOCAL_APPS) that has one, in that
    order. Importing a module the first time runs it: that is how an app's
    ``signals`` connects its receivers (``connect_signals``)."""
    local = set(settings.LOCAL_APPS)
    return [
        import_module(f"{app.name}.{name}")
        for app in apps.get_app_configs()
        if app.name in local and module_has_submodule(app.module, name)
    ]


def connect_signals() -> None:
    """Import every app's ``signals`` module, once the app registry is ready (they
    import models): each connects its receivers, and registers what the app adds
    to the base (a payment purpose), as its module runs. Called by
    NetworkSiteConfig.ready(), so no app has a ready() of its own."""
    app_submodules("signals")


def steps_in_order(module: str, attribute: str, error: type[Exception]) -> list:
    """The steps every installed app's ``module`` lists in ``attribute``, by their
    ``order``, lowest first. A step names in ``after`` the steps whose records it
    needs; ``error`` is raised when one of those is missing or runs later."""
    steps = [step for found in app_submodules(module) for step in getattr(found, attribute)]
    steps.sort(key=lambda step: step.order)
    done = set()
    for step in steps:
        if missing := [name for name in step.after if name not in done]:
            raise error(
                f"The {module.replace('_', ' ')} step {step.name!r} needs "
                f"{', '.join(map(repr, missing))} to run before it: a step of a lower "
                f"order in an installed app's {module} module."
            )
        done.add(step.name)
    return steps

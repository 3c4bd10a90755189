"""Page routes and page context whose work is done above the page model.

A page model declares its routes (RoutablePageMixin's `@path`) and builds its
context, but the code doing that work (list views, calendars, registration
forms, structured data) imports the model, so the model must not import it back:
imports inside an app go one way, from views down to models. Instead the model
owns a `PageHandlers` and names what it needs; the app's `wagtail_hooks.py` (its
top layer, which may import everything) provides each handler:

    # events/models.py
    class EventPage(RoutablePageMixin, BasePage):
        handlers = PageHandlers("events.EventPage", ["register", ...])

        register = handlers.route("register", "register/")

    # events/wagtail_hooks.py
    EventPage.handlers.provide(register=views.register, ...)

Every handler is held as a Wagtail hook named "<owner>:<handler>", so Wagtail's
own discovery of `wagtail_hooks` modules loads it: the first call of a handler
runs that discovery if nothing has yet, however the page is reached (a request,
a test, a task). A handler that is missing, or provided twice, is an
`ImproperlyConfigured` error naming it, and the system check `network_site.E001`
reports any missing one.
"""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks
from wagtail.contrib.routable_page.models import path

_all_handlers = []


class PageHandlers:
    """The named handlers one page model calls and an upper layer provides."""

    def __init__(self, owner, names):
        self.owner = owner
        self.names = tuple(names)
        _all_handlers.append(self)

    def __repr__(self):
        return f"<PageHandlers of {self.owner}: {', '.join(self.names)}>"

    def hook_name(self, name):
        if name not in self.names:
            raise ImproperlyConfigured(f"{self.owner} declares no handler {name!r}.")
        return f"{self.owner}:{name}"

    def provide(self, **handlers):
        """Register the handlers (called from the app's wagtail_hooks.py)."""
        for name, handler in handlers.items():
            hooks.register(self.hook_name(name), handler)

    def get(self, name):
        found = hooks.get_hooks(self.hook_name(name))
        if len(found) != 1:
            raise ImproperlyConfigured(
                f"{self.owner} needs exactly one {name!r} handler and has {len(found)}: "
                "it is provided in the app's wagtail_hooks.py."
            )
        return found[0]

    def call(self, name, *args, **kwargs):
        return self.get(name)(*args, **kwargs)

    def route(self, name, *routes):
        """A route of the page (RoutablePageMixin) answered by the handler `name`.

        Each of `routes` is a URL pattern, named after the handler, or a
        (pattern, route name) pair; the handler is called with the request, the
        page and the pattern's arguments."""
        self.hook_name(name)

        def view(page, request, *args, **kwargs):
            return self.call(name, request, page, *args, **kwargs)

        view.__name__ = view.__qualname__ = name
        for route in reversed(routes):
            pattern, route_name = (route, name) if isinstance(route, str) else route
            view = path(pattern, name=route_name)(view)
        return view

    def missing(self):
        return [name for name in self.names if not hooks.get_hooks(self.hook_name(name))]


@checks.register()
def page_handlers_provided(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{handlers.owner} has no {name!r} handler.",
            hint="Provide it with PageHandlers.provide() in the app's wagtail_hooks.py.",
            id="network_site.E001",
        )
        for handlers in _all_handlers
        for name in handlers.missing()
    ]

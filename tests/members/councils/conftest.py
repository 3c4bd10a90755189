"""The council pages show events: the event tests' fixtures, shared."""

from tests.events.conftest import events_index, make_event

__all__ = ["events_index", "make_event"]

"""The council pages' fixtures: the event tests' (the pages show events); the
councils are tests/members/conftest.py's."""

from tests.events.conftest import events_index, make_event

__all__ = ["events_index", "make_event"]

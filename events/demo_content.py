"""The demo events: their index, venues and events (loaded by events.demo).
The venues and their contact details are example data.

The words live in events/demo_content.toml; this module reads them and turns each
agenda item and speaker into a tuple: (time, title, description) and
(name, role, organisation).
"""

import tomllib
from pathlib import Path

_WORDS = tomllib.loads(Path(__file__).with_suffix(".toml").read_text(encoding="utf-8"))

EVENT_INDEX = _WORDS["event_index"]

VENUES = _WORDS["venues"]

EVENTS = [
    {
        **event,
        "agenda": [tuple(item) for item in event["agenda"]],
        "speakers": [tuple(speaker) for speaker in event["speakers"]],
    }
    for event in _WORDS["events"]
]

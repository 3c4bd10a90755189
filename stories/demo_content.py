"""The words of the demo's outcome stories (stories.demo loads them): the story
library's introduction, eight stories of services commissioned from local
organisations, and the story made from the demo's post-event outcome report.

The words live in stories/demo_content.toml; this module reads them, makes each
story's period a (start, end) pair of months (end None where the file has none)
and gives a quote without a consent date in the file the consent None.

Everything here is written for the demo. The people quoted, the figures and the
organisations named in the prose are invented; the councils are real, by GSS code.
"""

import tomllib
from pathlib import Path

_WORDS = tomllib.loads(Path(__file__).with_suffix(".toml").read_text(encoding="utf-8"))

STORY_INDEX = _WORDS["story_index"]

STORIES = [
    {
        **story,
        "period": (story["period"]["start"], story["period"].get("end")),
        "quotes": [{"consent": None, **quote} for quote in story["quotes"]],
    }
    for story in _WORDS["stories"]
]

STORY_FROM_OUTCOME = _WORDS["story_from_outcome"]

"""The demo articles: their index, categories, authors, pictures and words
(loaded by blog.demo).

The words live in blog/demo_content.toml; this module reads them and builds each
article's body blocks with network_site.demo.content.block.

Everything here is written for the demo. The people, Ashbridge Council and Cwm
Community Trust are invented.
"""

import tomllib
from pathlib import Path

from network_site.demo.content import block

_WORDS = tomllib.loads(Path(__file__).with_suffix(".toml").read_text(encoding="utf-8"))

BLOG_INDEX = _WORDS["blog_index"]

CATEGORIES = _WORDS["categories"]

IMAGES = _WORDS["images"]

AUTHORS = _WORDS["authors"]

ARTICLES = [
    {**article, "body": [block(table) for table in article["body"]]}
    for article in _WORDS["articles"]
]

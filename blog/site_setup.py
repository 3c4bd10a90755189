"""The blog's part of a fresh site (network_site.site_setup): the article index
at /blog/ and "Articles" in the main menu."""

from network_site.site_setup import index_page_step

from .models import BlogIndexPage

ARTICLES_MENU_ORDER = 100

SETUP_STEPS = [
    index_page_step(
        100,
        BlogIndexPage,
        "blog",
        title="Articles",
        introduction="Writing on local commissioning and the work of community organisations.",
        menu_order=ARTICLES_MENU_ORDER,
    )
]

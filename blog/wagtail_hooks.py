from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network_site.models import HOME_PAGE_CONTEXT_HOOK

from .feeds import articles_feed
from .models import Author, BlogCategory, BlogIndexPage, BlogPage
from .seo import blog_posting_schema

# The article pages' feed and structured data (network_site.page_routes): declared
# by the page models, done by the modules above them.
BlogIndexPage.handlers.provide(feed=articles_feed)
BlogPage.handlers.provide(structured_data=blog_posting_schema)


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role", "organisation"]
    list_export = ["name", "slug", "role", "organisation", "bio"]
    search_fields = ["name", "organisation"]
    ordering = ["name"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "slug"]
    list_export = ["name", "slug", "description"]
    search_fields = ["name"]


class ArticlesViewSetGroup(SnippetViewSetGroup):
    menu_label = "Articles"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (AuthorViewSet, BlogCategoryViewSet)


register_snippet(ArticlesViewSetGroup)


@hooks.register(HOME_PAGE_CONTEXT_HOOK)
def home_page_articles(home, request):
    """The lead article (the editor's choice, else the most recent) and the latest
    others, from one query when the lead is among the most recent."""
    articles = BlogPage.objects.published().descendant_of(home).with_card_content()
    recent = list(articles[: home.latest_count + 1])
    lead = next((a for a in recent if a.pk == home.lead_article_id), None)
    if lead is None and home.lead_article_id:
        lead = articles.filter(pk=home.lead_article_id).first()
    if lead is None and recent:
        lead = recent[0]
    latest = [article for article in recent if article != lead][: home.latest_count]
    return {"lead_article": lead, "latest_articles": latest}

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Author, BlogCategory


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

from django.core.paginator import Paginator

DEFAULT_PER_PAGE = 10


def paginate(request, object_list, per_page=DEFAULT_PER_PAGE):
    """The requested page of a list. A missing, malformed or out-of-range ?page=
    gives the nearest real page rather than an error."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))

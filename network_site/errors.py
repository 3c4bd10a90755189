"""Error pages. The 500 page renders without the database, settings or context
processors, because it is shown precisely when something of those has failed."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())

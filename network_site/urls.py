from anymail import urls as anymail_urls
from django.conf import settings
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

# Only the webhooks of the provider the site sends through (EMAIL_PROVIDER): its
# delivery events, and its inbound mail (a bulletin's mailto: unsubscribe).
# anymail's URLconf would put every provider's webhooks online, and those the
# site has no keys for fail on any request.
anymail_webhooks = [
    pattern
    for pattern in anymail_urls.urlpatterns
    if pattern.name
    in (f"{settings.EMAIL_PROVIDER}_tracking_webhook", f"{settings.EMAIL_PROVIDER}_inbound_webhook")
]

# The member area is one URL namespace that three apps fill: members' own pages,
# the pages of the events a member hosts, and the stories a member sends.
members_area = [
    path("", include("members.urls")),
    path("hosting/", include("events.hosting_urls")),
    path("stories/", include("stories.urls")),
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("members/", include((members_area, "members"))),
    path("events/request/", include("events.requests.urls")),
    path("councils/", include("members.councils.urls")),
    path("anymail/", include((anymail_webhooks, "anymail"))),
    path("payments/", include("network_site.payments.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # iCalendar routes of event pages end in ".ics", which Wagtail's own pattern refuses.
    path("", include("events.ical_urls")),
    path("", include("members.bulletins.urls")),
    path("", include(wagtail_urls)),
]

handler400 = "network_site.errors.bad_request"
handler403 = "network_site.errors.permission_denied"
handler404 = "network_site.errors.page_not_found"
handler500 = "network_site.errors.server_error"

"""The public side of bulletins: the archive, each one's web version, and the
unsubscribe link every bulletin carries."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from network_site.pagination import paginate

from . import services
from .models import Bulletin
from .rendering import blocks_of


@never_cache  # members-only bulletins are listed for members alone
@require_GET
def bulletin_index(request):
    bulletins = Bulletin.objects.visible_to(request.user).only(
        "subject", "slug", "preheader", "sent_at", "members_only"
    )
    return TemplateResponse(
        request, "bulletins/index.html", {"bulletins": paginate(request, bulletins)}
    )


@never_cache
@require_GET
def bulletin_detail(request, slug):
    bulletin = get_object_or_404(Bulletin.objects.sent(), slug=slug)
    if not Bulletin.objects.visible_to(request.user).filter(pk=bulletin.pk).exists():
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("Members only.")
    return TemplateResponse(
        request,
        "bulletins/detail.html",
        {"bulletin": bulletin, "blocks": blocks_of(bulletin)},
    )


@csrf_exempt  # RFC 8058: a mail client posts "List-Unsubscribe=One-Click" with no session
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: one button (nothing changes on a GET, which link scanners make).
    POST: unsubscribed at once, from the page's button or a mail client's."""
    try:
        delivery = services.delivery_for(token)
        if request.method == "POST":
            delivery = services.unsubscribe(token)
    except services.BadToken:
        return TemplateResponse(request, "bulletins/unsubscribe_invalid.html", status=400)
    return TemplateResponse(
        request,
        "bulletins/unsubscribe.html",
        {
            "delivery": delivery,
            "is_test": delivery is None,
            "done": request.method == "POST",
            "token": token,
        },
    )

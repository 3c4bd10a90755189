import json

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from network_site.payments.stripe_api import StripeUnavailable

from ..models import Membership
from ..personal_data import erase_member, export_member_data


@never_cache
@require_GET
@login_required
def export(request):
    """Everything the site holds about the member, as a JSON download."""
    data = export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"keep-it-local-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user

    def clean_password(self):
        password = self.cleaned_data["password"]
        # The same limit as allauth's own re-authentication, so guessing stays slow.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError("Too many attempts. Wait a minute and try again.")
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your current password. Your account has not been deleted."
            )
        return password


@never_cache
@login_required
def delete(request):
    """Erase the member's account once they confirm it with their password."""
    form = ConfirmPasswordForm(request.POST or None, request=request)
    status = 200
    if request.method == "POST":
        erased, status = False, 400
        if form.is_valid():
            try:
                erase_member(request.user)
            except StripeUnavailable:
                form.add_error(
                    None,
                    "We could not reach our payment provider to stop your membership fee, "
                    "so nothing has been deleted yet. Please try again in a few minutes.",
                )
                status = 503
            else:
                erased = True
        if erased:
            logout(request)
            messages.success(
                request,
                "Your account has been deleted and your personal data erased. "
                "Thank you for being part of the network.",
            )
            return redirect("/")
    membership = Membership.objects.filter(user=request.user).first()
    return TemplateResponse(
        request, "members/delete.html", {"form": form, "membership": membership}, status=status
    )

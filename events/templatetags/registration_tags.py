"""What the registration panel on an event page needs, worked out once:
``{% registration_panel as panel %}``."""

from django import template

from events import services
from events.forms import RegistrationForm

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_panel(context):
    request = context.get("request")
    event = context.get("page")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    registration = context.get("user_registration")
    # Being a member matters only to a members-only event or free members' places.
    membership_matters = event is not None and (
        event.members_only or (not event.is_free and event.member_free_places)
    )
    panel = {
        "signed_in": signed_in,
        "form": context.get("registration_form") or RegistrationForm(guest=not signed_in),
        "is_member": bool(
            membership_matters and signed_in and services.has_active_membership(user)
        ),
        "links": None,
    }
    if registration is not None and event is not None:
        panel["links"] = {
            action: event.url
            + event.reverse_subpage("registration_action", args=(registration.cancel_token, action))
            for action in ("cancel", "accept")
        }
    return panel

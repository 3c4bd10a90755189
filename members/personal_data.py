"""What the site holds about a member: what their export contains and what erasure removes.

`REGISTRY` names every model that holds personal data or points at an account,
either as `Exported` (with every one of its fields either exported or withheld
with a reason) or as `NotExported` (with the reason). A test walks all installed
models, so a new model or field with personal data fails it until it is listed here.
Other apps list their own models, and erase what they hold, through the hooks of
network_site.member_data (events and events.requests do, in their wagtail_hooks).
"""

import datetime
import decimal
from collections.abc import Mapping
from functools import cached_property
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.models import EditingSession, FormState
from wagtail.models import APIToken, PageSubscription
from wagtail.users.models import UserProfile

from network_site.member_data import ERASE_MEMBER_DATA, PERSONAL_DATA, Exported, NotExported
from network_site.models import OutboundEmail, UndeliverableAddress, normalise_address
from network_site.payments import services as payment_services
from network_site.payments.models import Payment, Refund

from . import services
from .models import (
    MarketingConsent,
    Membership,
    MembershipDecision,
    MembershipReminder,
    Organisation,
    OrganisationInvitation,
)
from .record_fields import ORGANISATION_FIELDS

# What a marketing consent record says when an erased account's consent ends.
ERASURE_CONSENT_WORDING = "Consent withdrawn: the member erased their account."


EDITORIAL_RECORD = (
    "Staff work in the Wagtail admin (content, revisions, audit log, workflow): the "
    "organisation's records, not data about a member. Erasure anonymises the account "
    "the records point to."
)

MEMBERS_REGISTRY = {
    "members.User": Exported(
        rows=lambda user: get_user_model().objects.filter(pk=user.pk),
        fields=(
            "id",
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "last_login",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
        ),
        withheld={
            "password": "A one-way hash of the password: it reveals nothing and is never shown.",
            "user_permissions": "Staff permissions; members have none.",
        },
    ),
    "members.Membership": Exported.owned_by(
        Membership,
        "user",
        fields=(
            "id",
            "user",
            "category",
            "status",
            "local_authority",
            "ward",
            "job_title",
            "organisation",
            "organisation_name",
            "bio",
            "directory_visibility",
            "open_to_introductions",
            "fee_due",
            "applied_at",
            "decided_at",
            "expires_at",
            "stripe_customer_id",
            "stripe_subscription_id",
            "contact_for",
            "payments",
        ),
        withheld={"decided_by": "Identifies the membership officer, not the member."},
    ),
    "members.OrganisationInvitation": Exported(
        rows=lambda user: OrganisationInvitation.objects.filter(
            Q(membership__user=user) | Q(email__in=_addresses(user))
        ),
        fields=(
            "id",
            "membership",
            "email",
            "sent_at",
            "accepted_at",
            "accepted_by",
            "cancelled_at",
        ),
        withheld={"invited_by": "Who sent it: the organisation's main contact or an officer."},
    ),
    "members.Organisation": Exported.owned_by(
        Organisation,
        "memberships__user",
        fields=("id", *ORGANISATION_FIELDS, "created_at"),
    ),
    "members.MembershipDecision": Exported.owned_by(
        MembershipDecision,
        "membership__user",
        fields=("id", "membership", "outcome", "reason", "decided_at"),
        withheld={"decided_by": "Identifies the membership officer, not the member."},
    ),
    "members.MembershipReminder": Exported.owned_by(
        MembershipReminder,
        "membership__user",
        fields=("id", "membership", "kind", "expires_at", "sent_at"),
    ),
    "members.MarketingConsent": Exported.owned_by(
        MarketingConsent,
        "user",
        fields=("id", "user", "given", "wording", "recorded_at"),
    ),
    "members.MembershipPayment": NotExported(
        "Which payments are a membership's fees: exported as the membership's payments."
    ),
    "payments.Payment": Exported.owned_by(
        Payment,
        "user",
        fields=(
            "id",
            "purpose",
            "status",
            "method",
            "user",
            "description",
            "amount",
            "currency",
            "refunded_amount",
            "livemode",
            "stripe_checkout_session_id",
            "stripe_payment_intent_id",
            "stripe_invoice_id",
            "stripe_subscription_id",
            "stripe_customer_id",
            "receipt_url",
            "created_at",
            "expires_at",
            "paid_at",
            "period_end",
            "recorded_by",
            "note",
        ),
        withheld={
            "checkout_url": "A payment page at Stripe that only works while the payment is open."
        },
    ),
    "payments.Refund": Exported.owned_by(
        Refund,
        "payment__user",
        fields=(
            "id",
            "payment",
            "amount",
            "status",
            "reason",
            "stripe_refund_id",
            "requested_by",
            "created_at",
        ),
    ),
    "blog.Author": NotExported(
        "Published bylines that staff write for the articles; not a member's account data."
    ),
    "blog.BlogCategory": NotExported("Article categories; no personal data."),
    "members.LocalAuthority": NotExported(
        "Public reference data about councils (mySociety's list); no personal data."
    ),
    "members.MembershipFees": NotExported("Site-wide fee settings; no personal data."),
    "network_site.OutboundEmail": Exported(
        rows=lambda user: OutboundEmail.objects.filter(_sent_to(user)),
        fields=(
            "id",
            "user",
            "template",
            "to",
            "reply_to",
            "subject",
            "body_text",
            "kind",
            "status",
            "created_at",
            "sent_at",
            "body_pruned_at",
        ),
        withheld={
            "body_html": "The same message as the plain-text body, with markup.",
            "attachments": "Calendar files of public events, not data about the member.",
            "headers": "Technical headers such as the unsubscribe link, not data about the member.",
            "attempts": "Delivery bookkeeping, not data about the member.",
            "first_attempted_at": "Delivery bookkeeping, not data about the member.",
            "next_attempt_at": "Delivery bookkeeping, not data about the member.",
            "last_error": "The email provider's diagnostics, not data about the member.",
            "esp_message_id": "The email provider's internal reference.",
            "message_id": "A technical header that identifies the message, not the member.",
            "claimed_until": "Delivery bookkeeping, not data about the member.",
            "admins_notified_at": "Delivery bookkeeping, not data about the member.",
        },
    ),
    "network_site.UndeliverableAddress": Exported(
        rows=lambda user: UndeliverableAddress.objects.filter(email__in=_addresses(user)),
        fields=("id", "email", "reason", "detail", "recorded_at"),
        withheld={"esp_event_id": "The email provider's internal reference."},
    ),
    "network_site.OrganisationSettings": NotExported(
        "The network's own contact details; no member's data."
    ),
    "account.EmailAddress": Exported.owned_by(
        EmailAddress,
        "user",
        fields=("id", "user", "email", "verified", "primary"),
    ),
    "mfa.Authenticator": Exported.owned_by(
        Authenticator,
        "user",
        fields=("id", "user", "type", "created_at", "last_used_at"),
        withheld={"data": "Secrets and recovery codes: never exported, anywhere."},
    ),
    "wagtailusers.UserProfile": Exported.owned_by(
        UserProfile,
        "user",
        fields=(
            "id",
            "user",
            "submitted_notifications",
            "approved_notifications",
            "rejected_notifications",
            "updated_comments_notifications",
            "preferred_language",
            "current_time_zone",
            "theme",
            "contrast",
            "density",
            "keyboard_shortcuts",
        ),
        withheld={
            "avatar": "An uploaded picture for the admin's header; erasure deletes it.",
            "dismissibles": "Which admin hints were dismissed: interface state, not personal.",
        },
    ),
    "wagtailcore.APIToken": NotExported(
        "A credential: never exported. Erasure deletes the member's tokens."
    ),
    "wagtailcore.Page": NotExported(EDITORIAL_RECORD),
    "wagtailcore.Revision": NotExported(EDITORIAL_RECORD),
    "wagtailcore.PageLogEntry": NotExported(EDITORIAL_RECORD),
    "wagtailcore.ModelLogEntry": NotExported(EDITORIAL_RECORD),
    "wagtailcore.WorkflowState": NotExported(EDITORIAL_RECORD),
    "wagtailcore.TaskState": NotExported(EDITORIAL_RECORD),
    "wagtailcore.Comment": NotExported(EDITORIAL_RECORD),
    "wagtailcore.CommentReply": NotExported(EDITORIAL_RECORD),
    "wagtailcore.PageSubscription": NotExported(
        "Which pages a staff member follows for comment notifications. Erasure deletes them."
    ),
    "wagtailcore.UploadedFile": NotExported(EDITORIAL_RECORD),
    "wagtailimages.Image": NotExported(EDITORIAL_RECORD),
    "wagtaildocs.Document": NotExported(EDITORIAL_RECORD),
    "wagtailadmin.EditingSession": NotExported(
        "Who is editing a page right now: expires within minutes. Erasure deletes them."
    ),
    "wagtailadmin.FormState": NotExported("Unsaved admin form state of staff. Erasure deletes it."),
}


class Registry(Mapping):
    """The register: the entries above, then each app's own (for the models it
    owns, through the PERSONAL_DATA hook of network_site.member_data). Put
    together on first use, when every app's hooks can be loaded."""

    def __init__(self, own):
        self.own = own

    @cached_property
    def entries(self):
        entries = dict(self.own)
        for app_entries in hooks.get_hooks(PERSONAL_DATA):
            entries.update(app_entries())
        return entries

    def __getitem__(self, label):
        return self.entries[label]

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)


REGISTRY = Registry(MEMBERS_REGISTRY)


def _addresses(user):
    """Every address the member has had on their account, normalised."""
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return {normalise_address(address) for address in [user.email, *addresses] if address}


def _sent_to(user):
    """The emails for the member: linked to the account, or sent to one of its addresses."""
    condition = Q(user=user)
    for address in _addresses(user):
        condition |= Q(to__iexact=address)
    return condition


# Export


def _value(instance, model_field):
    if model_field.many_to_many:
        return [str(related) for related in getattr(instance, model_field.name).all()]
    if model_field.is_relation:
        related = getattr(instance, model_field.name)
        if related is None:
            return None
        # Accounts are named by id: another person's name is not the member's data.
        return related.pk if model_field.related_model is get_user_model() else str(related)
    value = model_field.value_from_object(instance)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if model_field.choices and value:
        label = getattr(instance, f"get_{model_field.name}_display")()
        return {"value": value, "label": str(label)}
    return value


def export_member_data(user) -> dict:
    """Everything the site holds about ``user``, as JSON-ready data."""
    records = {}
    for label, entry in REGISTRY.items():
        if not isinstance(entry, Exported):
            continue
        model = apps.get_model(label)
        model_fields = [model._meta.get_field(name) for name in entry.fields]
        records[label] = {
            "description": str(model._meta.verbose_name_plural),
            "not_exported": entry.withheld,
            "rows": [
                {f.name: _value(row, f) for f in model_fields}
                for row in entry.rows(user).order_by("pk")
            ],
        }
    return {
        "generated_at": timezone.now().isoformat(),
        "account": user.email,
        "records": records,
    }


# Erasure


def erased_email(user) -> str:
    return f"deleted-{user.pk}@invalid.example"


def sessions_of(user):
    """The keys of every stored session signed in as ``user``."""
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == user_id:
            yield session.session_key


def end_sessions(user):
    """Sign ``user`` out everywhere: through the session engine, so a cached copy goes too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in list(sessions_of(user)):
        store(session_key=session_key).delete()


def erase_member(user):
    """Remove or anonymise everything about ``user``; keep what must be kept without it.

    First at Stripe: the member's subscriptions end and their customer loses its
    name and address (``payments.services.forget_customer``). Should Stripe not
    answer, StripeUnavailable is raised before anything is erased here, so the
    member can simply ask again; they are never left erased and still billed.

    Kept, without personal data: the membership row (category, council, dates, fee,
    Stripe ids to reconcile payments kept for accounting), decisions (outcome, date,
    officer; the free-text reason may describe the person, so it is blanked),
    marketing consent records (evidence of what was agreed and when; they hold only
    a yes/no, the wording and a time, and point at the anonymised account), and the
    log of emails sent (addresses, subjects and bodies scrubbed).
    Payments stay for the accounts, pointing at the anonymised account; a staff note
    on one (which may name the payer) goes.
    Running it again changes nothing.
    """
    payments = Payment.objects.filter(user=user)
    payment_services.forget_customer(
        [
            *Membership.objects.filter(user=user).values_list("stripe_customer_id", flat=True),
            *payments.values_list("stripe_customer_id", flat=True),
        ],
        [
            *Membership.objects.filter(user=user).values_list("stripe_subscription_id", flat=True),
            *payments.values_list("stripe_subscription_id", flat=True),
        ],
    )
    return _erase_records(user)


@transaction.atomic
def _erase_records(user):
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    old_addresses = _addresses(user)
    emails = OutboundEmail.objects.filter(_sent_to(user))
    placeholder = erased_email(user)

    latest_consent = MarketingConsent.objects.filter(user=user).first()
    if latest_consent is not None and latest_consent.given:
        MarketingConsent.objects.create(user=user, given=False, wording=ERASURE_CONSENT_WORDING)

    Membership.objects.filter(user=user).update(
        ward="",
        job_title="",
        organisation_name="",
        bio="",
        directory_visibility=Membership.Visibility.HIDDEN,
        status=Membership.Status.CANCELLED,
    )
    MembershipDecision.objects.filter(membership__user=user).update(reason="")
    for membership in Membership.objects.filter(user=user):
        services.release_contacts(membership, "The main contact closed their account.")
    OrganisationInvitation.objects.filter(email__in=old_addresses).delete()
    # What the other apps hold about the member (events: registrations, hosting;
    # event requests).
    for erase_app_data in hooks.get_hooks(ERASE_MEMBER_DATA):
        erase_app_data(user, old_addresses)
    Payment.objects.filter(user=user).update(note="")

    emails.filter(status__in=OutboundEmail.PENDING_STATUSES).update(
        status=OutboundEmail.Status.SUPPRESSED, next_attempt_at=None
    )
    emails.update(
        user=user,
        to=placeholder,
        reply_to="",
        subject="",
        body_text="",
        body_html="",
        attachments=[],
        headers={},
        last_error="",
    )
    UndeliverableAddress.objects.filter(email__in=old_addresses).delete()

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
    PageSubscription.objects.filter(user=user).delete()
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()

    user.email = placeholder
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

    end_sessions(user)
    return user

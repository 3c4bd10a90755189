from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from network_site.payments.models import Payment
from network_site.payments.money import pence

if TYPE_CHECKING:
    from network_site.payments.models import PaymentQuerySet

# An active member without a subscription may pay this long before the year they
# have paid for (by waiver or offline) ends.
RENEWAL_WINDOW = datetime.timedelta(days=30)


def day_display(value):
    """A date (or a moment, in local time) as the fee messages write it: 2 March 2027."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, "j F Y")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


# Reverse accessors from Wagtail-based models (pages, orderables: Any to mypy) are not
# resolved by django-stubs.
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """A person with an account. The email address is the login; there is no username."""

    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Wagtail admin.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class LocalAuthorityQuerySet(models.QuerySet["LocalAuthority"]):
    def current(self) -> Self:
        return self.filter(is_current=True)


class LocalAuthority(models.Model):  # type: ignore[django-manager-missing]  # see User
    """A UK council, identified by its GSS code (e.g. E08000035 for Leeds)."""

    class Nation(models.TextChoices):
        ENGLAND = "england", "England"
        SCOTLAND = "scotland", "Scotland"
        WALES = "wales", "Wales"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    name = models.CharField(max_length=255, help_text="Official name, e.g. Leeds City Council.")
    short_name = models.CharField(max_length=255, blank=True, help_text="e.g. Leeds.")
    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    region = models.CharField(max_length=100, blank=True)
    authority_type = models.CharField("type", max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    is_current = models.BooleanField("current", default=True)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="Its page's address, /councils/<slug>/: made from the short name when "
        "left blank, and kept when the name changes so that links stay good.",
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", args=[self.slug])

    def free_slug(self) -> str:
        """A slug from the short name (or the name), with the GSS code added when
        another authority has it already (an abolished council of the same name)."""
        base = slugify(self.short_name or self.name)[:100] or self.gss_code.lower()
        taken = LocalAuthority.objects.exclude(pk=self.pk).filter(slug=base).exists()
        return f"{base}-{self.gss_code.lower()}" if taken else base


CHARITY_NUMBER_VALIDATOR = RegexValidator(
    r"^(\d{6,7}(-\d{1,2})?|SC\d{6}|NIC\d{6})$",
    "Enter a charity number as registered, e.g. 1234567, 1234567-1, SC012345 or NIC101234.",
)
COMPANY_NUMBER_VALIDATOR = RegexValidator(
    r"^([0-9]{8}|(SC|NI|OC|SO|NC|RC|CE|CS|IP|SP|RS)[0-9]{6})$",
    "Enter a Companies House number: eight digits, or two letters and six digits.",
)


class Organisation(models.Model):
    """An organisation in the network; for a community organisation, its member is the contact."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        COMMUNITY = "community", "Community organisation"
        PUBLIC_BODY = "public-body", "Other public body"
        OTHER = "other", "Other"

    class IncomeBand(models.TextChoices):
        UNDER_100K = "under-100k", "Under £100,000 a year"
        FROM_100K_TO_1M = "100k-1m", "£100,000 to £1 million a year"
        FROM_1M_TO_10M = "1m-10m", "£1 million to £10 million a year"
        OVER_10M = "over-10m", "Over £10 million a year"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    local_authorities = models.ManyToManyField(
        "members.LocalAuthority",
        blank=True,
        related_name="organisations",
        help_text="The local authority areas the organisation works in.",
    )
    charity_number = models.CharField(
        max_length=12, blank=True, validators=[CHARITY_NUMBER_VALIDATOR]
    )
    company_number = models.CharField(
        max_length=10, blank=True, validators=[COMPANY_NUMBER_VALIDATOR]
    )
    income_band = models.CharField(max_length=20, choices=IncomeBand.choices, blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def pending(self) -> Self:
        return self.filter(status=Membership.Status.PENDING)

    def active(self) -> Self:
        return self.filter(Membership.active_q())

    def with_fee_in_progress(self) -> Self:
        """Annotate whether each membership has a fee payment in progress, for a page
        that asks about the fee more than once (``Membership.fee_payment_in_progress``):
        no query of its own."""
        in_progress = Payment.objects.filter(
            membership_link__membership=models.OuterRef("pk"),
            purpose=Payment.Purpose.MEMBERSHIP,
            status=Payment.Status.PROCESSING,
        )
        return self.annotate(has_fee_in_progress=models.Exists(in_progress))

    def with_contact_count(self) -> Self:
        """Annotate ``contact_count``: an organisation's further contacts who have
        not been removed or left (members.organisations)."""
        current = ~models.Q(contacts__status=Membership.Status.CANCELLED)
        return self.annotate(contact_count=models.Count("contacts", filter=current))

    def in_directory(self) -> Self:
        """Approved members who chose to be listed."""
        return self.active().exclude(directory_visibility=Membership.Visibility.HIDDEN)

    def listed_for(self, viewer) -> Self:
        """The directory's listings as ``viewer`` may see them (the directory, the
        council pages): signed-in members with an active membership see the
        members-only listings too; anyone else, signed in or not (applicants still
        pending included), sees only the public ones: the members-only choice is a
        promise to the member."""
        listings = self.in_directory()
        if not viewer_is_member(viewer):
            listings = listings.filter(directory_visibility=Membership.Visibility.PUBLIC)
        return listings


def viewer_is_member(user) -> bool:
    """Whether ``user`` (signed in or not) has an active membership."""
    return bool(user.is_authenticated and Membership.objects.active().filter(user=user).exists())


def active_membership_of(user) -> Membership | None:
    """``user``'s membership while it is active (signed in or not), for a page
    that needs more of it than ``viewer_is_member`` says."""
    if not user.is_authenticated:
        return None
    return Membership.objects.active().filter(user=user).first()


class Membership(models.Model):
    """A person's membership of the network: one per user, pending until an officer decides."""

    class Category(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Local authority officer or commissioner"
        ORGANISATION = "organisation", "Community organisation"
        POLICY = "policy", "Policy or research"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        AWAITING_PAYMENT = "awaiting-payment", "Approved: fee to pay"
        ACTIVE = "active", "Active"
        REJECTED = "rejected", "Rejected"
        LAPSED = "lapsed", "Lapsed"
        SUSPENDED = "suspended", "Suspended"
        CANCELLED = "cancelled", "Ended"

    class Visibility(models.TextChoices):
        HIDDEN = "hidden", "Not listed in the directory"
        MEMBERS = "members", "Listed for signed-in members only"
        PUBLIC = "public", "Listed for everyone, including visitors who are not signed in"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    local_authority = models.ForeignKey(
        "members.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The council a councillor sits on or an officer works for.",
    )
    ward = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="Where a policy or other member works."
    )
    bio = models.TextField(max_length=1500, blank=True)
    directory_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.HIDDEN
    )
    open_to_introductions = models.BooleanField(
        default=False,
        help_text="The member agreed that staff may propose introductions to them "
        "(members.introductions); nobody can be introduced to them otherwise.",
    )
    fee_due = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True)
    contact_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        help_text="For a further contact of an organisation: the organisation's membership, "
        "held (and paid for) by its main contact.",
    )
    payments: models.ManyToManyField[Payment, MembershipPayment] = models.ManyToManyField(
        Payment, through="MembershipPayment", related_name="+", blank=True
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at"]
        permissions = [("decide_membership", "Can approve or reject membership applications")]

    def __str__(self):
        return f"{self.user} ({self.get_category_display()}, {self.get_status_display()})"

    @classmethod
    def active_q(cls, prefix: str = "") -> models.Q:
        """The one rule of an active membership, as a filter (``prefix`` reaches it
        from another model, e.g. "membership__"): approved and paid for and, for a
        further contact of an organisation, the organisation's membership too."""
        active = cls.Status.ACTIVE
        return models.Q(**{f"{prefix}status": active}) & (
            models.Q(**{f"{prefix}contact_for__isnull": True})
            | models.Q(**{f"{prefix}contact_for__status": active})
        )

    @property
    def is_active(self) -> bool:
        if self.status != self.Status.ACTIVE:
            return False
        return self.contact_for is None or self.contact_for.status == self.Status.ACTIVE

    @property
    def is_main_contact(self) -> bool:
        """The member who holds (and pays for) an organisation's membership."""
        return (
            self.category == self.Category.ORGANISATION
            and self.organisation_id is not None
            and self.contact_for_id is None
        )

    def may_apply_again(self) -> bool:
        """Someone turned down, or whose membership ended, may apply afresh; the
        earlier decisions stay in the history."""
        return self.status in (self.Status.REJECTED, self.Status.CANCELLED)

    def may_leave(self) -> bool:
        """A member may end their own membership while it is approved or under way."""
        return self.status in (
            self.Status.PENDING,
            self.Status.AWAITING_PAYMENT,
            self.Status.ACTIVE,
            self.Status.LAPSED,
        )

    @property
    def region(self) -> str:
        return (
            self.local_authority.region if self.local_authority_id and self.local_authority else ""
        )

    # The annual fee: what state it is in (the dashboard shows it; members.fees,
    # which takes and records fees, asks it too).

    @property
    def fee_due_pence(self) -> int:
        return pence(self.fee_due or 0)

    def fee_payments(self) -> PaymentQuerySet:
        """This membership's fee payments, newest first."""
        return self.payments.filter(purpose=Payment.Purpose.MEMBERSHIP)

    def fee_payment_in_progress(self) -> bool:
        """Whether a Direct Debit has been set up whose money has not arrived yet
        (from ``MembershipQuerySet.with_fee_in_progress`` where a page annotated it)."""
        annotated = getattr(self, "has_fee_in_progress", None)
        if annotated is not None:
            return annotated
        return self.fee_payments().filter(status=Payment.Status.PROCESSING).exists()

    def has_live_subscription(self) -> bool:
        return self.status == self.Status.ACTIVE and bool(self.stripe_subscription_id)

    def why_fee_cannot_be_paid(self, *, now: datetime.datetime | None = None) -> str | None:
        """None when the member may pay the fee now, otherwise a sentence saying why not."""
        now = now or timezone.now()
        Status = self.Status
        if self.fee_due_pence <= 0:
            return "There is no fee to pay for your membership."
        if self.status == Status.PENDING:
            return "Your application has not been decided yet: there is nothing to pay until it is."
        if self.status not in (Status.AWAITING_PAYMENT, Status.ACTIVE, Status.LAPSED):
            return (
                "Your membership is not open for payment. Contact us if you would like to rejoin."
            )
        if self.fee_payment_in_progress():
            return "Your Direct Debit payment is on its way: there is nothing more to pay."
        if self.status == Status.ACTIVE:
            if self.has_live_subscription():
                return (
                    "Your membership renews automatically each year: there is nothing to pay now."
                )
            if self.expires_at and self.expires_at > now + RENEWAL_WINDOW:
                return (
                    f"Your membership is paid until {day_display(self.expires_at)}: "
                    "there is nothing to pay yet."
                )
        return None

    def may_pay_fee(self, *, now: datetime.datetime | None = None) -> bool:
        return self.why_fee_cannot_be_paid(now=now) is None

    def fee_state(self) -> str:
        """What the dashboard says about the fee: to-pay, processing, renewal-failed,
        paid, lapsed or none."""
        Status = self.Status
        if self.status == Status.LAPSED:
            return "lapsed"
        if self.status not in (Status.AWAITING_PAYMENT, Status.ACTIVE):
            return "none"
        if self.fee_payment_in_progress():
            return "processing"
        if self.status == Status.AWAITING_PAYMENT:
            return "to-pay" if self.fee_due_pence > 0 else "none"
        if self.has_live_subscription():
            latest = self.fee_payments().exclude(status=Payment.Status.CANCELLED).first()
            if latest is not None and latest.status == Payment.Status.FAILED:
                return "renewal-failed"
            return "paid"
        if self.fee_due_pence <= 0:
            return "none"
        if self.may_pay_fee():
            return "to-pay"
        return "paid"

    def payments_to_show(self):
        """The member's payments as their dashboard lists them, newest first:
        everything but checkouts that were never finished."""
        return Payment.objects.filter(user=self.user).exclude(
            status__in=(Payment.Status.PENDING, Payment.Status.CANCELLED, Payment.Status.EXPIRED)
        )


class MembershipPayment(models.Model):
    """A fee payment of a membership: the link lives here because the payments app
    knows purposes, not buyers. A payment belongs to one membership at most.
    Deleting the membership deletes the link, never the payment (a financial
    record)."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="payment_links"
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.CASCADE, related_name="membership_link"
    )

    class Meta:
        verbose_name = "membership fee payment"

    def __str__(self):
        return f"{self.payment} for membership {self.membership_id}"


class MembershipDecision(models.Model):
    """Who approved or rejected an application, when and why. Kept after erasure."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        # What happens to a membership later (members.lifecycle), kept the same way.
        SUSPENDED = "suspended", "Suspended"
        REINSTATED = "reinstated", "Reinstated"
        ENDED = "ended", "Ended by staff"
        LEFT = "left", "Left the network"
        LAPSED = "lapsed", "Lapsed"
        # A further contact of an organisation (members.organisations).
        CONTACT_JOINED = "contact", "Joined as a contact of the organisation"
        CONTACT_REMOVED = "removed", "Removed as a contact of the organisation"

    membership = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} on {self.decided_at:%d %b %Y}"


class MembershipReminder(models.Model):
    """A renewal reminder sent for one year of a membership: 30 and 7 days before
    it expires and when it lapses, each once (members.lifecycle). A renewed year
    has a new ``expires_at`` and so its own reminders."""

    class Kind(models.TextChoices):
        DAYS_30 = "30-days", "30 days before"
        DAYS_7 = "7-days", "7 days before"
        LAPSED = "lapsed", "On lapsing"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind", "expires_at"], name="one_reminder_per_year"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.expires_at:%d %b %Y}"


class OrganisationInvitation(models.Model):
    """An invitation, sent by an organisation's main contact or by staff, for
    someone to join the organisation's membership as a further contact with an
    account of their own (members.organisations). The signed link in the email
    names it; it is open until accepted, cancelled or out of date."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text="The organisation's membership (its main contact's).",
    )
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "email"],
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"Invitation to {self.email}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None


class MarketingConsent(models.Model):
    """Each time a member gives or withdraws consent to marketing email, with the wording shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marketing_consents"
    )
    given = models.BooleanField()
    wording = models.TextField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        get_latest_by = ["recorded_at", "pk"]

    def __str__(self):
        return f"{'Given' if self.given else 'Withdrawn'} {self.recorded_at:%d %b %Y %H:%M}"


@register_setting(icon="tag")
class MembershipFees(BaseGenericSetting):
    """Annual membership fees in pounds. Councillors and officers are free by default."""

    councillor: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        max_digits=8, decimal_places=2, default=0
    )
    officer: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        "local authority officer", max_digits=8, decimal_places=2, default=0
    )
    policy: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        "policy or research", max_digits=8, decimal_places=2, default=0
    )
    other: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        max_digits=8, decimal_places=2, default=0
    )
    organisation_under_100k: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        "organisation, income under £100k", max_digits=8, decimal_places=2, default=0
    )
    organisation_100k_to_1m: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        "organisation, income £100k to £1m", max_digits=8, decimal_places=2, default=50
    )
    organisation_1m_to_10m: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        "organisation, income £1m to £10m", max_digits=8, decimal_places=2, default=150
    )
    organisation_over_10m: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        "organisation, income over £10m", max_digits=8, decimal_places=2, default=300
    )
    offer_bacs_direct_debit: models.BooleanField[bool, bool] = models.BooleanField(
        "offer Bacs Direct Debit as well as card",
        default=False,
        help_text="Members can then pay the annual fee by Direct Debit; the first payment "
        "takes a few working days to arrive.",
    )

    class Meta:
        verbose_name = "membership fees"

    def fee_for(self, category: str, income_band: str = "") -> Decimal:
        """The annual fee for a category (and, for organisations, an income band)."""
        if category == Membership.Category.ORGANISATION:
            fields: dict[str, str] = {
                Organisation.IncomeBand.UNDER_100K: "organisation_under_100k",
                Organisation.IncomeBand.FROM_100K_TO_1M: "organisation_100k_to_1m",
                Organisation.IncomeBand.FROM_1M_TO_10M: "organisation_1m_to_10m",
                Organisation.IncomeBand.OVER_10M: "organisation_over_10m",
            }
            field = fields.get(income_band, "organisation_under_100k")
            return getattr(self, field)
        return getattr(self, category)

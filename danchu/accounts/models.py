"""People, the bodies they serve in, and their roles scoped to places and bodies."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.models import in_force_on
from danchu.places.models import Household, HouseholdMember, Place


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")
    NONE = "none", _("No notifications")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, password: str | None, **fields: object) -> User:
        if fields.get("email"):
            fields["email"] = self.normalize_email(str(fields["email"])).lower()
        user = self.model(**fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **fields: object) -> User:
        return self._create(password, email=email or None, **fields)

    def create_superuser(
        self, email: str | None = None, password: str | None = None, **fields: object
    ) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self._create(password, email=email or None, **fields)


class User(AbstractUser):
    """A person. Signs in with a phone number or an e-mail address (no username)."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)  # type: ignore[assignment]
    phone = models.CharField(_("phone number"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, default="vi", choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )
    notify_channel = models.CharField(
        _("notify me by"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    # People who follow many things get one message a day instead of one per event.
    notify_digest = models.BooleanField(_("one daily digest instead of separate messages"), default=False)
    # When the person proved they hold `phone` by typing a code sent to it; cleared when it changes.
    phone_verified_at = models.DateTimeField(_("phone verified"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="user_has_email_or_phone"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    @property
    def phone_display(self) -> str:
        """The phone number as people read it (0912 345 678)."""
        from .phones import display_phone

        return display_phone(self.phone)

    @property
    def works_in_office(self) -> bool:
        """Holds a staff role: the back office link is shown only to them."""
        from .permissions import is_staff

        return is_staff(self)


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove a phone number, to reset a password or to claim an account
    recorded for someone. Only its keyed hash is stored; it expires, allows a few attempts, and
    serves once."""

    class Purpose(models.TextChoices):
        VERIFY = "verify", _("phone verification")
        RESET = "reset", _("password reset")
        # An account recorded for someone (e.g. elected without one) that they take over.
        CLAIM = "claim", _("account claim")

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=20)
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}"

    @staticmethod
    def digest_of(code: str, *, phone: str, purpose: str) -> str:
        import hmac

        from django.conf import settings

        message = f"{purpose}:{phone}:{code}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class Role(models.TextChoices):
    """Role types (DOMAIN.md glossary). Scope is a place, a body, or both."""

    CITIZEN = "citizen", _("Resident")
    HOUSEHOLD_REP = "household_rep", _("Household representative")
    VILLAGE_HEAD = "village_head", _("Village head")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Commune chairman")
    FRONT_OFFICER = "front_officer", _("Fatherland Front officer")
    INSPECTION_MEMBER = "inspection_member", _("People's Inspection Board member")
    # The board of an agency, public service unit or state enterprise (its body): not a staff role.
    UNIT_INSPECTION_MEMBER = "unit_inspection_member", _("Member of a unit's People's Inspection Board")
    SUPERVISION_MEMBER = "supervision_member", _("Community investment supervision board member")
    STEERING_MEMBER = "steering_member", _("Steering committee member")
    WORKPLACE_REP = "workplace_rep", _("Agency or enterprise representative")
    ADMIN = "admin", _("System administrator")


# Roles that act for an authority or a board; they must use MFA and reach the back office. A staff role
# also reads its place and everything below it wherever a rule asks for "staff of the place".
STAFF_ROLES = frozenset(
    {
        Role.VILLAGE_HEAD,
        Role.COMMUNE_OFFICER,
        Role.COMMUNE_CHAIRMAN,
        Role.FRONT_OFFICER,
        Role.INSPECTION_MEMBER,
        Role.SUPERVISION_MEMBER,
        Role.STEERING_MEMBER,
        Role.WORKPLACE_REP,
        Role.ADMIN,
    }
)


# Roles that are not staff (no back office, no reading of a place) but see other people's personal
# data in their own body's records: they must use MFA too. A unit board member reads the complaints
# and reports of their unit's staff, and nothing of the place (docs/oversight.md).
MFA_ROLES = STAFF_ROLES | {Role.UNIT_INSPECTION_MEMBER}


class Body(models.Model):
    """A board, committee, front or workplace that people serve in, attached to a place.

    Modules (oversight, steering, workplaces) keep their own details about a body; roles point here
    so that `accounts` need not know those modules.
    """

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")  # UBND
        FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front committee")  # MTTQ
        INSPECTION_BOARD = "inspection_board", _("People's Inspection Board")  # Ban TTND
        SUPERVISION_BOARD = "supervision_board", _("Community investment supervision board")  # Ban GSĐTCĐ
        STEERING_COMMITTEE = "steering_committee", _("Steering committee for grassroots democracy")
        AGENCY = "agency", _("Agency or public unit")
        ENTERPRISE = "enterprise", _("Enterprise")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("place"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["place", "kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        return self.filter(in_force_on(on or timezone.localdate()))


class Membership(models.Model):
    """A person holds a role in a scope: a place (and everything below it, for reading) and/or a body."""

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("place"),
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("body"),
    )
    title = models.CharField(pgettext_lazy("job", "title"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person", "role"]
        indexes = [models.Index(fields=["role", "place"])]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        scope = self.body or self.place
        return f"{self.person} — {self.get_role_display()} — {scope}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class HouseholdLinkQuerySet(models.QuerySet["HouseholdLink"]):
    def pending(self) -> HouseholdLinkQuerySet:
        return self.filter(status=HouseholdLink.Status.REQUESTED)

    def confirmed(self) -> HouseholdLinkQuerySet:
        return self.filter(status=HouseholdLink.Status.CONFIRMED)

    def in_places(self, places: models.QuerySet[Place]) -> HouseholdLinkQuerySet:
        return self.filter(household__village__in=places)


class HouseholdLink(models.Model):
    """A signed-up resident asks to be linked to a household (and to be its representative);
    the village head or a commune officer confirms or refuses it with a reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", pgettext_lazy("household link", "refused")
        ENDED = "ended", _("ended")

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="household_links", verbose_name=_("person")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="person_links", verbose_name=_("household")
    )
    member = models.ForeignKey(
        HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    as_representative = models.BooleanField(_("as household representative"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    message = models.CharField(_("message"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = HouseholdLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # Decree 59/2023, Art. 3(2): a household has one representative.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="confirmed", as_representative=True),
                name="one_confirmed_representative_per_household",
            ),
            models.UniqueConstraint(
                fields=["person", "household"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="one_open_link_per_person_and_household",
            ),
        ]
        indexes = [models.Index(fields=["status", "household"])]
        verbose_name = _("household link")
        verbose_name_plural = _("household links")

    def __str__(self) -> str:
        return f"{self.person} — {self.household} ({self.status})"


class PersonalToken(models.Model):
    """An API token. Only its SHA-256 is stored; the token is shown once when created."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal token")
        verbose_name_plural = _("personal tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class OutboxMessage(models.Model):
    """A message for a channel danchu does not deliver itself (SMS, Zalo): the default backend writes
    here, and an operator's gateway (or a test) reads it."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=255)
    person = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.subject or self.body[:40]}"


class Delivery(models.Model):
    """One message handed to a real gateway (SMTP, an SMS gateway, Zalo ZNS): what was sent, to whom,
    the gateway's answer and the retries. The outbox backend's rows (OutboxMessage) are their own
    record and make none. A message held for a person's daily digest waits here as HELD."""

    class Status(models.TextChoices):
        HELD = "held", _("held for the daily digest")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("failed, will retry")
        FAILED = "failed", _("failed")

    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=255)
    person = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.status}"

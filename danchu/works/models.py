"""Community works (công trình, dự án), the contributions ledger, and the community investment
supervision board (Ban giám sát đầu tư của cộng đồng; Law 10/2022 Arts. 41–43, Decree 59 Arts. 17–18).

Amounts are whole đồng (Decimal, no fractions). Ledger entries are never edited: a correction is a
reversing entry (`Payment.reverses`)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.models import Body
from danchu.places.models import Household, Place

ZERO = Decimal(0)


class WorkQuerySet(models.QuerySet["Work"]):
    def in_place(self, place: Place) -> WorkQuerySet:
        """Works of a commune, or those touching a village."""
        if place.level == 4:  # village
            return self.filter(villages=place).distinct()
        return self.filter(commune__path__startswith=place.path)


class Work(models.Model):
    """A community work or project of a commune, in one or more of its villages."""

    class Kind(models.TextChoices):
        ROAD = "road", _("Rural road")
        CULVERT = "culvert", _("Culvert or bridge")
        CANAL = "canal", _("Irrigation canal")
        LIGHTING = "lighting", _("Street lighting")
        HALL = "hall", _("Cultural house")
        WATER = "water", _("Clean water")
        OTHER = "other", pgettext_lazy("work kind", "Other")

    class Stage(models.TextChoices):
        DECIDED = "decided", _("Decided")
        UNDER_WAY = "under_way", _("Under construction")
        ACCEPTED = "accepted", pgettext_lazy("work", "Accepted")
        HANDED_OVER = "handed_over", _("Handed over")

    commune = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="works", verbose_name=_("commune")
    )
    villages = models.ManyToManyField(Place, related_name="village_works", verbose_name=_("villages"))
    title = models.CharField(pgettext_lazy("work", "title"), max_length=255)
    kind = models.CharField(
        pgettext_lazy("work", "kind"), max_length=16, choices=Kind.choices, default=Kind.ROAD
    )
    purpose = models.TextField(_("purpose"), blank=True)
    investor = models.CharField(_("investor"), max_length=255)
    contractor = models.CharField(_("contractor"), max_length=255, blank=True)
    consultant = models.CharField(_("supervision consultant"), max_length=255, blank=True)
    # GeoJSON geometry (Point or LineString, [lng, lat]) as validated text: no GIS extension needed.
    location = models.TextField(_("location (GeoJSON)"), blank=True)
    budget_state = models.DecimalField(_("state budget (VND)"), default=ZERO, max_digits=16, decimal_places=0)
    budget_people = models.DecimalField(
        _("people's money (VND)"), default=ZERO, max_digits=16, decimal_places=0
    )
    budget_labour = models.DecimalField(
        _("labour days valued (VND)"), default=ZERO, max_digits=16, decimal_places=0
    )
    budget_sponsors = models.DecimalField(_("sponsors (VND)"), default=ZERO, max_digits=16, decimal_places=0)
    land_m2 = models.DecimalField(_("donated land (m²)"), default=ZERO, max_digits=12, decimal_places=2)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    plan = models.TextField(_("plan and schedule"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    decision_issuer = models.CharField(pgettext_lazy("decision", "issued by"), max_length=255)
    # A reference to the meeting item that decided it ("meetings.item:<id>"), when the meetings module
    # has one; the module is not imported here.
    decision_ref = models.CharField(_("meeting item"), max_length=64, blank=True)
    # The village meeting's passed decision (Art. 15 matters 1–2) that started the work, when the
    # decision was taken in danchu (meetings.queries.work_decisions); decision_ref otherwise.
    decided_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided at the meeting"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.DECIDED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance_note = models.TextField(_("acceptance record"), blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handed_over_to = models.CharField(_("handed over to"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("community work")
        verbose_name_plural = _("community works")

    def __str__(self) -> str:
        return self.title

    @property
    def budget_total(self) -> Decimal:
        return self.budget_state + self.budget_people + self.budget_labour + self.budget_sponsors

    @property
    def is_closed(self) -> bool:
        return self.stage == self.Stage.HANDED_OVER


class Photo(models.Model):
    """A photo of a progress update or a supervision session, re-encoded without EXIF."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="photos")
    progress = models.ForeignKey(
        "ProgressUpdate", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    session = models.ForeignKey(
        "Session", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to="works/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name or ""


class ProgressUpdate(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.work_id} {self.on} {self.percent}%"


# --- Contributions ----------------------------------------------------------------------------------


class Rate(models.Model):
    """The contribution rate the community decided (Law Art. 15 matter 1)."""

    class Basis(models.TextChoices):
        HOUSEHOLD = "household", _("per household")
        PERSON = "person", _("per person")
        FRONTAGE = "frontage", _("per m² of frontage")

    work = models.OneToOneField(Work, on_delete=models.CASCADE, related_name="rate")
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    amount = models.DecimalField(_("amount per unit (VND)"), max_digits=16, decimal_places=0)
    labour_day_value = models.DecimalField(
        _("value of a labour day (VND)"), default=ZERO, max_digits=16, decimal_places=0
    )
    decided_on = models.DateField(_("decided on"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.work_id} {self.basis} {self.amount}"


class Pledge(models.Model):
    """What one household owes, computed from the register on the decision day."""

    class Reduction(models.TextChoices):
        NONE = "", _("none")
        POOR = "poor", _("poor household")
        NEAR_POOR = "near_poor", _("near-poor household")
        OTHER = "other", _("other, as decided")

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="pledges")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="work_pledges")
    quantity = models.DecimalField(_("units"), max_digits=12, decimal_places=2)
    gross = models.DecimalField(_("before reduction (VND)"), max_digits=16, decimal_places=0)
    reduction = models.CharField(_("reduction"), max_length=16, choices=Reduction.choices, blank=True)
    reduction_percent = models.PositiveSmallIntegerField(_("reduction (%)"), default=0)
    reduction_note = models.CharField(_("reason"), max_length=255, blank=True)
    amount = models.DecimalField(_("pledge (VND)"), max_digits=16, decimal_places=0)

    class Meta:
        ordering = ["household__village__name", "household__number"]
        constraints = [
            models.UniqueConstraint(fields=["work", "household"], name="works_one_pledge_per_household")
        ]

    def __str__(self) -> str:
        return f"{self.work_id} {self.household_id} {self.amount}"


class PaymentQuerySet(models.QuerySet["Payment"]):
    def totals(self) -> dict[str, Decimal]:
        t = self.aggregate(
            value=Sum("value"),
            labour=Sum("quantity", filter=Q(kind="labour")),
            land=Sum("quantity", filter=Q(kind="land")),
        )
        return {k: v or ZERO for k, v in t.items()}


class Payment(models.Model):
    """One ledger entry: money, labour days or land given by a household. Never edited."""

    class Kind(models.TextChoices):
        MONEY = "money", _("money")
        LABOUR = "labour", _("labour days")
        LAND = "land", _("land")

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="payments")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="work_payments")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.MONEY)
    # The value in đồng that counts towards the pledge (labour days at the decided value; land as valued).
    value = models.DecimalField(_("value (VND)"), max_digits=16, decimal_places=0)
    quantity = models.DecimalField(_("labour days or m²"), default=ZERO, max_digits=12, decimal_places=2)
    voluntary = models.BooleanField(_("voluntary, beyond the pledge"), default=False)
    received_on = models.DateField(_("received on"))
    receipt_number = models.CharField(_("receipt number"), max_length=32, unique=True)
    token = models.CharField(max_length=32, unique=True)  # the QR code's verification key
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.receipt_number


# --- Community investment supervision board --------------------------------------------------------


class Board(models.Model):
    """One board per project, set up by the commune Fatherland Front; it ends when its task is done."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    work = models.OneToOneField(Work, on_delete=models.CASCADE, related_name="board")
    body = models.OneToOneField(Body, on_delete=models.PROTECT, related_name="works_board")
    decision_number = models.CharField(_("Front decision number"), max_length=64)
    established_on = models.DateField(_("established on"))
    plan = models.TextField(_("supervision plan"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing report"), blank=True)

    def __str__(self) -> str:
        return self.body.name


class BoardMemberQuerySet(models.QuerySet["BoardMember"]):
    def current(self) -> BoardMemberQuerySet:
        return self.filter(left_on__isnull=True)


class BoardMember(models.Model):
    class Position(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy head")
        MEMBER = "member", _("Member")

    class Represents(models.TextChoices):
        FRONT = "front", _("Fatherland Front")
        INSPECTION = "inspection", _("People's Inspection Board")
        RESIDENT = "resident", _("Residents")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(
        _("position"), max_length=8, choices=Position.choices, default=Position.MEMBER
    )
    represents = models.CharField(_("represents"), max_length=16, choices=Represents.choices)
    village = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    election_record = models.CharField(_("election record"), max_length=255, blank=True)
    election_ref = models.CharField(_("meeting item"), max_length=64, blank=True)
    # A member who later declares a relation with the project (Law Art. 42) leaves the board.
    left_on = models.DateField(pgettext_lazy("board member", "left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["board", "position", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Session(models.Model):
    """A supervision session at the site, with the legal checklist (DOMAIN.md §6.2)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    checklist = models.JSONField(default=dict)  # {item code: {"status": ok|issue|na, "note": str}}
    findings = models.TextField(_("findings"), blank=True)
    violation = models.BooleanField(_("violation found"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.board_id} {self.held_on}"


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting answer")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Addressee(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        COMMUNE = "commune", _("Commune People's Committee")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="recommendations")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    addressee = models.CharField(
        pgettext_lazy("addressee", "to"), max_length=16, choices=Addressee.choices, default=Addressee.INVESTOR
    )
    text = models.TextField(_("recommendation"))
    made_on = models.DateField(_("made on"))
    due_on = models.DateField(_("answer due"))
    suspension = models.BooleanField(_("proposal to suspend"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Information(models.Model):
    """Information a citizen sends to the board about a work: the work's side of the case it is filed
    as (case_types.py; `tracking_code`), which the board handles and answers through the cases
    module. Rows sent before that have no code."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="information")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("information"))
    received_at = models.DateTimeField(auto_now_add=True)
    tracking_code = models.CharField(_("tracking code"), max_length=16, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.text[:60]

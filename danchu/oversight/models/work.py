"""A board's work (plans, matters, interests, document requests) and the Front's supervisions, both
ending in recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.models import Body
from danchu.places.models import Place

from .boards import Board, BoardMember


class Period(models.TextChoices):
    # Decree 59/2023, Art. 14: plans per quarter, six months, year and term.
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")
    TERM = "term", _("Term")


class Plan(models.Model):
    """An activity plan (kế hoạch hoạt động) of a board; adjusting it keeps the previous text."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="plans", verbose_name=_("board"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("quarter or half"), default=0)
    title = models.CharField(_("title"), max_length=255)
    objectives = models.TextField(_("objectives"))
    contents = models.TextField(_("contents"))
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"))
    budget = models.PositiveBigIntegerField(_("budget (VND)"), default=0)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "start_on", "period"]
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """The text of a plan before an adjustment, with who adjusted it and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    version = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    reason = models.CharField(_("reason for the adjustment"), max_length=500)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="oversight_plan_version_unique")
        ]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class Channel(models.TextChoices):
    DIRECT = "direct", _("Received directly")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    ONLINE = "online", _("Sent online by a citizen")
    CASE = "case", _("Routed from a case")
    IMPORTED = "imported", _("Imported (past records)")


class MatterQuerySet(models.QuerySet["Matter"]):
    def in_scope(self) -> MatterQuerySet:
        return self.exclude(status__in=[Matter.Status.RECEIVED, Matter.Status.FORWARDED])

    def of_place(self, place: Place) -> MatterQuerySet:
        return self.filter(board__body__place__path__startswith=place.path)


class Matter(models.Model):
    """A matter (vụ việc) the board takes up: received, classified, inspected, concluded, recommended."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        FORWARDED = "forwarded", _("Outside the board's scope: forwarded or guided")
        ACCEPTED = "accepted", _("Taken up")
        PLANNED = "planned", _("Inspection plan sent")
        INSPECTING = "inspecting", _("Being inspected")
        CONCLUDED = "concluded", _("Concluded")
        RECOMMENDED = "recommended", _("Recommendation made")
        RESOLVED = "resolved", _("Resolved")

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="matters", verbose_name=_("board")
    )
    code = models.CharField(_("number"), max_length=48, unique=True)  # TTND-{place code, ≤ 32}-{year}-{n}
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("what was reported"))
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices)
    case_reference = models.CharField(_("case reference"), max_length=40, blank=True)
    village = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    reporter_name = models.CharField(_("reported by"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="oversight_matters",
        verbose_name=_("sent by"),
    )
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded or guided to"), max_length=300, blank=True)
    # The tracking code of the petition the board filed with the commune People's Committee for it.
    forwarded_case = models.CharField(_("filed as petition"), max_length=40, blank=True)
    classification_note = models.TextField(_("classification note"), blank=True)
    # The specific inspection plan (Decree 59/2023, Art. 14(2)).
    inspected_party = models.CharField(_("inspected party"), max_length=300, blank=True)
    plan_content = models.TextField(_("inspection plan"), blank=True)
    plan_sent_on = models.DateField(_("plan sent on"), null=True, blank=True)
    planned_start = models.DateField(_("inspection planned from"), null=True, blank=True)
    started_on = models.DateField(_("inspection started on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    signs_of_violation = models.BooleanField(_("signs of violation"), default=False)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    recommended_on = models.DateField(_("first recommendation on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    reported_on = models.DateField(_("reported to the commune Front on"), null=True, blank=True)
    report = models.TextField(_("report to the commune Front"), blank=True)
    public = models.BooleanField(_("findings are public"), default=False)
    handlers = models.ManyToManyField(
        BoardMember, blank=True, related_name="matters", verbose_name=_("members handling it")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["board", "status"]), models.Index(fields=["received_on"])]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Interest(models.Model):
    """A member's declared interest in a matter: they may not handle it."""

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="interests", verbose_name=_("matter")
    )
    member = models.ForeignKey(
        BoardMember, on_delete=models.CASCADE, related_name="interests", verbose_name=_("member")
    )
    declared_on = models.DateField(_("declared on"))
    note = models.CharField(_("nature of the interest"), max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["matter", "member"], name="oversight_interest_unique")]
        verbose_name = _("declared interest")
        verbose_name_plural = _("declared interests")

    def __str__(self) -> str:
        return f"{self.member} — {self.matter}"


class DocumentRequest(models.Model):
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="document_requests", verbose_name=_("matter")
    )
    addressed_to = models.CharField(_("requested from"), max_length=300)
    documents = models.TextField(_("documents requested"))
    requested_on = models.DateField(_("requested on"))
    due_on = models.DateField(_("due on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "id"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")

    def __str__(self) -> str:
        return f"{self.matter} — {self.addressed_to}"


class Topic(models.TextChoices):
    POLICY = "policy", _("Implementation of policies and laws")
    GRASSROOTS_DEMOCRACY = "grassroots_democracy", _("Grassroots democracy")
    LAND = "land", _("Land management and compensation")
    INVESTMENT = "investment", _("Public investment and construction")
    SOCIAL = "social", _("Social policies and welfare")
    ADMIN_PROCEDURES = "admin_procedures", _("Administrative procedures")
    CITIZEN_RECEPTION = "citizen_reception", _("Citizen reception and complaints")
    OFFICIALS = "officials", _("Conduct of officials and Party members")
    OTHER = "other", pgettext_lazy("topic", "Other")


class Supervision(models.Model):
    """A supervision (cuộc giám sát) of the Fatherland Front of a commune or a province."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        CONCLUDED = "concluded", _("Concluded")
        CLOSED = "closed", pgettext_lazy("supervision", "Closed")

    front = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="supervisions",
        verbose_name=_("Fatherland Front committee"),
    )
    title = models.CharField(_("title"), max_length=255)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    supervised_body = models.CharField(_("supervised body"), max_length=300)
    members = models.TextField(_("supervision team"), blank=True)
    coordinating = models.CharField(_("with the mass organisations"), max_length=300, blank=True)
    plan = models.TextField(_("plan"))
    planned_from = models.DateField(_("from"))
    planned_to = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    public = models.BooleanField(_("findings are public"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_from", "-id"]
        verbose_name = _("Front supervision")
        verbose_name_plural = _("Front supervisions")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A recommendation (kiến nghị) to a competent person, from a board's matter or a Front supervision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the answer")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved")

    matter = models.ForeignKey(
        Matter,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("matter"),
    )
    supervision = models.ForeignKey(
        Supervision,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("Front supervision"),
    )
    addressee = models.CharField(_("competent person"), max_length=300)
    addressee_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="oversight_recommendations",
        verbose_name=_("account of the competent person"),
    )
    content = models.TextField(_("recommendation"))
    made_on = models.DateField(_("made on"))
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["made_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(matter__isnull=False) & Q(supervision__isnull=True))
                | (Q(matter__isnull=True) & Q(supervision__isnull=False)),
                name="oversight_recommendation_one_source",
            )
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_on

"""Steering committees for grassroots democracy (DOMAIN.md §11): their programmes, inspections,
bright spots, "Dân vận khéo" models and awards. The committee itself is an accounts.Body of kind
steering_committee (members are Memberships); this app keeps its details."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.models import Body
from danchu.places.models import Place


class SteeringCommittee(models.Model):
    body = models.OneToOneField(
        Body, on_delete=models.PROTECT, related_name="steering", verbose_name=_("committee")
    )
    standing_body = models.CharField(
        _("standing body"),
        max_length=255,
        blank=True,
        help_text=_("Usually the Mass Mobilisation Commission of the Party committee."),
    )
    head_name = models.CharField(_("head"), max_length=200, blank=True)
    decision_ref = models.CharField(_("decision establishing it"), max_length=120, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    # A committee under a Party committee issues its reports in the Party format (DOMAIN.md §9.2),
    # numbered per Party-committee term; blank: a state body, Decree 30 format numbered per year.
    party_committee = models.CharField(
        _("Party committee it works under"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Tỉnh ủy Đắk Lắk”; leave blank for a committee of a state body."),
    )
    term_start = models.DateField(_("the Party committee's term began on"), null=True, blank=True)

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")

    def __str__(self) -> str:
        return self.body.name

    @property
    def place(self) -> Place:
        return self.body.place


class Programme(models.Model):
    """A yearly work programme or plan of the committee (e.g. 72/KH-UBND: 7 key tasks, 84 specific)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("under way")
        DONE = "done", _("done")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="programmes")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    reference = models.CharField(_("document number and symbol"), max_length=120, blank=True)
    key_tasks = models.PositiveSmallIntegerField(_("key tasks"), default=0)
    specific_tasks = models.PositiveSmallIntegerField(_("specific tasks"), default=0)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("to"), null=True, blank=True)
    targets = models.TextField(_("targets"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    done_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    """An inspection or supervision visit the committee plans and carries out at some units."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="inspections")
    title = models.CharField(_("title"), max_length=500)
    planned_on = models.DateField(_("planned for"))
    planned_until = models.DateField(_("planned until"), null=True, blank=True)
    content = models.TextField(_("content"), blank=True)
    done_on = models.DateField(_("carried out on"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        ordering = ["-planned_on"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A recommendation (kiến nghị) an inspection leaves; followed until the unit has resolved it."""

    class Status(models.TextChoices):
        OPEN = "open", _("not yet resolved")
        RESOLVED = "resolved", _("resolved")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    answer = models.TextField(_("the unit's written answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text


class InspectedUnit(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="units")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(
        pgettext_lazy("organisation", "unit"),
        max_length=255,
        blank=True,
        help_text=_("An agency or enterprise, if not the place itself."),
    )
    finding = models.TextField(_("finding"), blank=True)
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency or enterprise"),
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inspected unit")
        verbose_name_plural = _("inspected units")

    def __str__(self) -> str:
        return self.unit_name or str(self.place)


class BrightSpot(models.Model):
    """A bright spot (điểm sáng) in implementing QCDC: registered at the start of the year with a plan,
    implemented, evaluated, then recognised or not (DOMAIN.md §11.2)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        PLANNED = "planned", _("plan approved")
        IMPLEMENTING = "implementing", _("being implemented")
        EVALUATED = "evaluated", _("evaluated")
        RECOGNISED = "recognised", _("recognised")
        NOT_RECOGNISED = "not_recognised", _("not recognised")

    class Field(models.TextChoices):
        QCDC = "qcdc", _("grassroots democracy")
        GOVERNMENT_MOBILISATION = "government_mobilisation", _("government mass mobilisation")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.PROTECT, related_name="bright_spots")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    field = models.CharField(_("field"), max_length=30, choices=Field.choices, default=Field.QCDC)
    year = models.PositiveSmallIntegerField(_("year"))
    plan = models.TextField(_("implementation plan"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    registered_on = models.DateField(_("registered on"))
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    replicated = models.BooleanField(_("replicated elsewhere"), default=False)
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by the unit"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("bright spot")
        verbose_name_plural = _("bright spots")

    def __str__(self) -> str:
        return self.name

    @property
    def field_kind(self) -> str:
        """The criteria kind of this bright spot: QCDC or government mass mobilisation (DVCQ)."""
        return "dvcq" if self.field == self.Field.GOVERNMENT_MOBILISATION else "qcdc"


class EmulationModel(models.Model):
    """A "Dân vận khéo" (skilful mass mobilisation) model or example (DOMAIN.md §11.3)."""

    class Field(models.TextChoices):
        ECONOMIC = "economic", _("economic")
        CULTURAL_SOCIAL = "cultural_social", _("cultural and social")
        DEFENCE_SECURITY = "defence_security", _("defence and security")
        PARTY_BUILDING = "party_building", _("Party and political system building")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        EVALUATED = "evaluated", _("evaluated")
        RECOGNISED = "recognised", _("recognised")

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    name = models.CharField(_("name"), max_length=255)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)
    recognised_level = models.CharField(_("recognised at level"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"))
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("“Skilful Mass Mobilisation” model")
        verbose_name_plural = _("“Skilful Mass Mobilisation” models")

    def __str__(self) -> str:
        return self.name


class Award(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE_OF_MERIT = "bang_khen", _("Certificate of merit (Bằng khen)")
        LETTER_OF_COMMENDATION = "giay_khen", _("Letter of commendation (Giấy khen)")

    class RecipientKind(models.TextChoices):
        COLLECTIVE = "collective", _("collective")
        INDIVIDUAL = "individual", _("individual")

    class AwardField(models.TextChoices):
        QCDC = "qcdc", _("grassroots democracy")
        DVCQ = "dvcq", _("government mass mobilisation")
        DAN_VAN_KHEO = "dvk", _("“Skilful Mass Mobilisation”")

    kind = models.CharField(pgettext_lazy("type", "kind"), max_length=12, choices=Kind.choices)
    recipient = models.CharField(_("recipient"), max_length=255)
    recipient_kind = models.CharField(
        _("collective or individual"),
        max_length=10,
        choices=RecipientKind.choices,
        default=RecipientKind.COLLECTIVE,
    )
    field = models.CharField(_("field"), max_length=6, choices=AwardField.choices, default=AwardField.QCDC)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    reason = models.TextField(_("reason"))
    issuer = models.CharField(_("issued by"), max_length=255)
    reference = models.CharField(_("decision number and symbol"), max_length=120, blank=True)
    issued_on = models.DateField(_("issued on"))
    bright_spot = models.ForeignKey(
        BrightSpot, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    emulation_model = models.ForeignKey(
        EmulationModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.recipient}"


class Assignment(models.Model):
    """A member's position and the area or units they are assigned to (phân công phụ trách địa bàn)."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    position = models.CharField(_("position"), max_length=200)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    units = models.CharField(_("units followed"), max_length=500, blank=True)

    class Meta:
        ordering = ["committee", "place__name", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"


class Briefing(models.Model):
    """A periodic meeting of the committee (giao ban) with its conclusions; it assigns tasks."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="briefings")
    held_on = models.DateField(_("held on"))
    chaired_by = models.CharField(_("chaired by"), max_length=200, blank=True)
    conclusions = models.TextField(_("conclusions"))

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("briefing meeting")
        verbose_name_plural = _("briefing meetings")

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on:%d/%m/%Y}"


class Task(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("in progress")
        DONE = "done", _("done")

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="tasks")
    briefing = models.ForeignKey(
        Briefing, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    result = models.TextField(_("result"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["state", "deadline", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.deadline


class Criterion(models.Model):
    """One criterion of the province's guidance for a kind of bright spot or model (data, dated)."""

    class Kind(models.TextChoices):
        QCDC = "qcdc", _("QCDC bright spot")
        DVCQ = "dvcq", _("Government mass mobilisation (DVCQ) bright spot")
        DAN_VAN_KHEO = "dvk", _("“Skilful Mass Mobilisation” model")

    kind = models.CharField(pgettext_lazy("type", "kind"), max_length=6, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("criterion"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class Evidence(models.Model):
    """Evidence for one criterion: a text, a figure, a document or a photo."""

    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    bright_spot = models.ForeignKey(
        BrightSpot, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    emulation_model = models.ForeignKey(
        EmulationModel, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    text = models.TextField(_("evidence"))
    figure = models.CharField(_("figure"), max_length=100, blank=True)
    file = models.FileField(_("document or photo"), upload_to="steering/evidence/%Y/", blank=True)
    added_on = models.DateField(_("added on"), auto_now_add=True)

    class Meta:
        ordering = ["criterion__order", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.text[:60]

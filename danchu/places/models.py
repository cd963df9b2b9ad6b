"""The administrative tree: country -> province -> (district, before 1 July 2025) -> commune -> village,
and the households of each village (DOMAIN.md §1, §10)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.models import in_force_on


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")  # tỉnh
    CITY = "city", _("centrally-run city")  # thành phố trực thuộc trung ương
    DISTRICT = "district", _("district (before 1 July 2025)")  # huyện, quận, thị xã, thành phố thuộc tỉnh
    COMMUNE = "commune", _("commune")  # xã
    WARD = "ward", _("ward")  # phường
    SPECIAL_ZONE = "special_zone", _("special zone")  # đặc khu
    TOWNSHIP = "township", _("township (before 1 July 2025)")  # thị trấn
    VILLAGE = "village", _("village")  # thôn, làng, ấp, bản, buôn, phum, sóc
    RESIDENTIAL_GROUP = "residential_group", _("residential group")  # tổ dân phố, khu phố, khối phố


class Level(models.IntegerChoices):
    COUNTRY = 0, _("country")
    PROVINCE = 1, _("province level")
    DISTRICT = 2, _("district level")
    COMMUNE = 3, _("commune level")
    VILLAGE = 4, _("village level")


KIND_LEVEL = {
    PlaceKind.COUNTRY: Level.COUNTRY,
    PlaceKind.PROVINCE: Level.PROVINCE,
    PlaceKind.CITY: Level.PROVINCE,
    PlaceKind.DISTRICT: Level.DISTRICT,
    PlaceKind.COMMUNE: Level.COMMUNE,
    PlaceKind.WARD: Level.COMMUNE,
    PlaceKind.SPECIAL_ZONE: Level.COMMUNE,
    PlaceKind.TOWNSHIP: Level.COMMUNE,
    PlaceKind.VILLAGE: Level.VILLAGE,
    PlaceKind.RESIDENTIAL_GROUP: Level.VILLAGE,
}

# Two-tier local government took effect on this day; districts ended the day before.
TWO_TIER_START = dt.date(2025, 7, 1)


class PlaceQuerySet(models.QuerySet["Place"]):
    def current(self, on: dt.date | None = None) -> PlaceQuerySet:
        return self.filter(in_force_on(on or dt.date.today()))

    def provinces(self) -> PlaceQuerySet:
        return self.filter(level=Level.PROVINCE)

    def communes(self) -> PlaceQuerySet:
        return self.filter(level=Level.COMMUNE)

    def villages(self) -> PlaceQuerySet:
        return self.filter(level=Level.VILLAGE)

    def within(self, place: Place, *, include_self: bool = True) -> PlaceQuerySet:
        """The subtree under `place` (by materialised path)."""
        qs = self.filter(path__startswith=place.path)
        return qs if include_self else qs.exclude(pk=place.pk)

    def search(self, text: str) -> PlaceQuerySet:
        from danchu.core.text import fold

        return self.filter(name_folded__contains=fold(text))


class Place(models.Model):
    """An administrative unit (province, commune…) or a village / residential group below a commune.

    `path` is the chain of codes from the country down ("/VN/01/00004/"), so a subtree is one
    indexed prefix query (roll-ups, "everything in this province").
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    # The official (GSO) code as published; for a unit that ended on 30 June 2025 `code` may carry an
    # "L" prefix because the new unit kept the number (docs/places.md, Codes). Empty for villages.
    official_code = models.CharField(_("official code"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("type"), max_length=32, choices=PlaceKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    codename = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        # (level, name): search_places() lists matches by level and name; walking this index it stops
        # at the first 50 ("thôn" matches almost every village: 101 → 8 ms among 100,000 villages).
        indexes = [
            models.Index(fields=["parent", "name"]),
            models.Index(fields=["level", "kind"]),
            models.Index(fields=["level", "name"], name="places_level_name"),
        ]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("places:detail", kwargs={"code": self.code})

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    @property
    def is_province(self) -> bool:
        return self.level == Level.PROVINCE

    def ancestors(self) -> list[Place]:
        """From the country down to the parent (one query, compiled once per depth: core.sqlmemo)."""
        from danchu.core import sqlmemo

        codes = [c for c in self.path.strip("/").split("/")][:-1]
        found = sqlmemo.objects(
            ("places.ancestors", len(codes)),
            lambda **c: Place.objects.filter(code__in=[c[f"c{i}"] for i in range(len(codes))]),
            binds={f"c{i}": code for i, code in enumerate(codes)},
        )
        by_code = {p.code: p for p in found}
        return [by_code[c] for c in codes if c in by_code]

    def is_within(self, other: Place) -> bool:
        return self.path.startswith(other.path)


class Household(models.Model):
    """A household (hộ gia đình) of a village: the voting unit, one vote through its representative."""

    village = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    number = models.CharField(_("household number"), max_length=32)
    address = models.CharField(_("address"), max_length=255, blank=True)
    representative = models.ForeignKey(
        "HouseholdMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("representative"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["village", "number"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="household_number_unique_in_village")
        ]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.number} — {self.village.name}"


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        OTHER = "other", _("other")

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")
        OTHER = "other", _("other")

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("household")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    full_name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    relation = models.CharField(
        _("relation to head"), max_length=16, choices=Relation.choices, default=Relation.OTHER
    )
    id_number = models.CharField(_("citizen ID number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["household", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def age_on(self, on: dt.date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


class HouseholdEvent(models.Model):
    """History of a household: members joining or leaving, the representative changing."""

    class Kind(models.TextChoices):
        CREATED = "created", _("household registered")
        MEMBER_ADDED = "member_added", _("member added")
        MEMBER_LEFT = "member_left", _("member left")
        REPRESENTATIVE_CHANGED = "representative_changed", _("representative changed")
        UPDATED = "updated", _("details updated")
        DISSOLVED = "dissolved", _("household dissolved")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    member = models.ForeignKey(
        HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_member = models.ForeignKey(
        HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # The day the change took effect (may be earlier than `at`, when it is recorded late).
    on = models.DateField(_("effective on"), null=True, blank=True)
    actor_label = models.CharField(_("recorded by"), max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "at", "id"]
        verbose_name = _("household event")
        verbose_name_plural = _("household history")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on or self.at:%d/%m/%Y})"


class Succession(models.Model):
    """One link of the 2025 reorganisation: (part of) an old unit went into a new one.

    Many-to-many: an old commune split between several new ones has one row per new commune, a new
    commune formed from several old ones one row per old commune. `share` is the part of the old unit
    that went into the new one (0 < share <= 1) when known, with its basis; `None` when the source does
    not say (a split commune)."""

    class Basis(models.TextChoices):
        WHOLE = "whole", _("the whole unit")
        POPULATION = "population", _("share of population")
        HOUSEHOLDS = "households", _("share of households")
        UNKNOWN = "unknown", _("share not known")

    old = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="successor_links")
    new = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="predecessor_links")
    share = models.DecimalField(_("share"), max_digits=7, decimal_places=6, null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices, default=Basis.UNKNOWN)
    # The new unit that took the old unit's seat (the package's "default" new unit of a split one).
    is_main = models.BooleanField(_("main successor"), default=True)
    effective_on = models.DateField(_("effective on"), default=TWO_TIER_START)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["old", "new"]
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="succession_unique_pair")]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"

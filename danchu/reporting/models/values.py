"""Pre-aggregated indicator values and the runs that refresh them."""

from __future__ import annotations

import secrets

from django.db import models

from danchu.places.models import Place

from ..periods import PeriodType

# --- values ---


# The grains an indicator value is kept at (see IndicatorValue.grain).
LEAF, COMMUNE_GRAIN = "leaf", "commune"


class IndicatorValue(models.Model):
    """A pre-aggregated value of an indicator at the lowest place it belongs to, for one period.

    province_id / commune_id are the place's ancestors, stored on the row so that a province or a
    commune subtree is one indexed equality filter and "the places below" one GROUP BY; `path`
    serves deeper or older trees (districts) with a prefix filter.
    """

    indicator = models.CharField(max_length=80)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    path = models.CharField(max_length=255)
    province_id = models.BigIntegerField(null=True)
    commune_id = models.BigIntegerField(null=True)
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(max_length=120, blank=True, default="")  # "" = total; "channel=web"
    # "leaf": the value at the place the records belong to; "commune": the sum of a commune's whole
    # subtree, kept so that a province reads ~100 communes' rows instead of ~3,000 villages' rows.
    grain = models.CharField(max_length=8, default=LEAF, db_default=LEAF)
    value = models.FloatField()
    refreshed_at = models.DateTimeField()
    # A value typed in a report form that is submitted but not yet approved: the staff's dashboards
    # count it, the public figures and open data do not (audience.approved_only()), as DHIS2 hides
    # unapproved data from its public analytics. Computed values are never pending.
    pending = models.BooleanField(default=False, db_default=False)

    class Meta:
        # On PostgreSQL, migration 0004 rebuilds the first two as covering indexes (INCLUDE the value
        # columns) so that a dashboard's sums are index-only scans; SQLite has no INCLUDE.
        indexes = [
            models.Index(
                fields=["indicator", "grain", "province_id", "period_start"], name="reporting_iv_province"
            ),
            models.Index(
                fields=["indicator", "grain", "commune_id", "period_start"], name="reporting_iv_commune"
            ),
            models.Index(fields=["indicator", "period_start", "breakdown"], name="reporting_iv_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.place_id} {self.period_start} {self.breakdown}={self.value}"


class RefreshRun(models.Model):
    """One refresh of the roll-ups: when, what, how long, how many rows."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.scope} {self.started_at:%Y-%m-%d %H:%M}"

    @classmethod
    def last_finished(cls) -> RefreshRun | None:
        return cls.objects.filter(finished_at__isnull=False, error="").order_by("-finished_at").first()


class RollupVersion(models.Model):
    """One row whose token changes, in the same transaction, with every write to the roll-ups: the
    key under which a process may keep what it read from them (core.sqlmemo, reporting.rows). A new
    random token, not a counter: a rolled-back write must never bring back a token something was
    kept under. Written last in its transaction, so its row lock is held only until the commit."""

    ONLY = 1
    token = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"roll-ups version {self.token}"

    @classmethod
    def bump(cls, using: str = "default") -> None:
        from danchu.core import sqlmemo

        token = secrets.randbits(62)
        if not cls.objects.using(using).filter(pk=cls.ONLY).update(token=token):
            cls.objects.using(using).update_or_create(pk=cls.ONLY, defaults={"token": token})
        sqlmemo.forget_versions()  # a request that wrote reads the new token

    @classmethod
    def current(cls, using: str = "default") -> int:
        """The token now, read with one statement on `using` (where the roll-ups are read)."""
        from django.db import connections

        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT token FROM {cls._meta.db_table} WHERE id = %s", [cls.ONLY])
            row = cursor.fetchone()
        return row[0] if row else 0

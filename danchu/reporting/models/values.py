"""Pre-aggregated indicator values and the runs that refresh them."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Hashable, Iterable

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
        from danchu.core import sqlmemo

        found = sqlmemo.objects(  # every dashboard view asks: compiled once
            "reporting.last_refresh",
            lambda: cls.objects.filter(finished_at__isnull=False, error="").order_by("-finished_at")[:1],
        )
        return found[0] if found else None


def rollup_scope(path: str) -> str:
    """The part of the roll-ups a read of the subtree at `path` depends on: its province ("/VN/01/",
    the path's first two segments, for a place at or below a province), or "" (everything) above."""
    parts = path.strip("/").split("/")
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 2 else ""


class RollupVersion(models.Model):
    """Tokens that change, in the same transaction, with every write to the roll-ups: the keys under
    which a process may keep what it read from them (core.sqlmemo, reporting.rows). One row per scope:
    EVERY ("", changed by every write: what the country's figures are kept under), one per province
    (its path: changed by a write to a row within it), ALL ("*": a write whose provinces are not
    known, e.g. a place deleted) and CATALOGUE (the data elements and definitions kept in the
    database). A read within a province is kept under (ALL, its province): a submission in one
    province leaves what was read about the others valid. New random tokens, not counters: a
    rolled-back write must never bring back a token something was kept under. Written last in its
    transaction, EVERY first, so row locks are held only until the commit and two writers never wait
    on each other crosswise."""

    EVERY, ALL, CATALOGUE = "", "*", "catalogue"
    scope = models.CharField(max_length=255, unique=True, default="")
    token = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"roll-ups version {self.scope or '(every write)'} {self.token}"

    @classmethod
    def bump(cls, using: str = "default", *, provinces: Iterable[int | None] | None = None) -> None:
        """After a write to the roll-ups of `provinces` (Place ids; None: not known, all of them)."""
        cls.bump_scopes(cls._scopes(using, provinces), using)

    @classmethod
    def bump_paths(cls, paths: Iterable[str], using: str = "default") -> None:
        """After a write to the roll-up rows of the places at `paths` (rollup_scope() of each)."""
        cls.bump_scopes({rollup_scope(p) for p in paths}, using)

    @classmethod
    def bump_scopes(cls, scopes: Iterable[str], using: str = "default") -> None:
        from danchu.core import sqlmemo

        # EVERY first, always: whoever holds any of these rows holds EVERY, so writers queue on it and
        # never wait on each other crosswise (a deadlock).
        scopes = sorted({cls.EVERY, *scopes})
        rows = [RollupVersion(scope=s, token=secrets.randbits(62)) for s in scopes]
        RollupVersion.objects.using(using).bulk_create(
            rows, update_conflicts=True, unique_fields=["scope"], update_fields=["token"]
        )
        sqlmemo.forget_versions()  # a request that wrote reads the new tokens

    @classmethod
    def _scopes(cls, using: str, provinces: Iterable[int | None] | None) -> set[str]:
        # Without EVERY: bump_scopes() adds it to every change.
        if provinces is None:
            return {cls.ALL}
        ids = {p for p in provinces if p is not None}
        paths = set(Place.objects.using(using).filter(pk__in=ids).values_list("path", flat=True))
        # A province at the root of the tree (no country above it) has no scope of its own.
        if len(paths) < len(ids) or any(rollup_scope(p) != p for p in paths):
            return {cls.ALL}
        return paths

    @classmethod
    def tokens(cls, using: str = "default") -> dict[str, int]:
        """Every scope's token, read with one statement on `using` (where the roll-ups are read)."""
        from django.db import connections

        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT scope, token FROM {cls._meta.db_table}")
            return dict(cursor.fetchall())

    @classmethod
    def current(cls, using: str = "default", scope: str = "") -> int:
        return cls.tokens(using).get(scope, 0)

    @staticmethod
    @functools.cache
    def of(scope: str) -> Callable[[str], Hashable]:
        """The version (a function of the database alias, as core.sqlmemo takes it) of a read within
        `scope`: rollup_scope() of its place, or CATALOGUE. One function per scope, so that a request
        reads the tokens once (core.sqlmemo.per_request) whatever it reads."""
        from danchu.core import sqlmemo

        def version(using: str) -> Hashable:
            tokens = sqlmemo.per_request(RollupVersion.tokens, using)
            if scope in (RollupVersion.EVERY, RollupVersion.CATALOGUE):
                return tokens.get(scope, 0)
            return (tokens.get(RollupVersion.ALL, 0), tokens.get(scope, 0))

        return version

"""Background jobs: refreshing the roll-ups (periodic and on demand) and reporting reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import rollup
from .periods import parse


@db_periodic_task(crontab(minute="15"))
def refresh_recent() -> None:
    """Every hour: this month and the last (late records land in the previous month too)."""
    rollup.refresh(period=rollup.recent_period(), scope="periodic")


@db_periodic_task(crontab(hour="2", minute="30"))
def refresh_nightly() -> None:
    """Every night: the whole current year and the one before (year-on-year figures)."""
    from django.utils import timezone

    year = timezone.localdate().year
    for code in (str(year - 1), str(year)):
        rollup.refresh(period=parse(code), scope=f"nightly {code}")


@db_task()
def refresh_now(period_code: str) -> None:
    """On demand, from the dashboard's "refresh" button (through ask_refresh)."""
    rollup.refresh(period=parse(period_code), scope=f"on demand {period_code}")


def ask_refresh(period_code: str) -> bool:
    """Queue an on-demand refresh of the period unless one was asked for within
    REPORTING_REFRESH_COOLDOWN seconds (by anyone: the mark is in the shared cache, set atomically),
    so that repeated clicks or many dashboards do not pile up refreshes of every indicator."""
    from django.conf import settings
    from django.core.cache import cache

    if not cache.add(f"reporting:refresh:{period_code}", 1, timeout=settings.REPORTING_REFRESH_COOLDOWN):
        return False
    refresh_now(period_code)
    return True


@db_task()
def refresh_submission_task(submission_id: int) -> None:
    from .models import Submission

    sub = Submission.objects.filter(pk=submission_id).select_related("form", "place").first()
    if sub is not None:
        rollup.refresh_submission(sub)


@db_periodic_task(crontab(hour="7", minute="0"))
def remind_reporting_units() -> None:
    from .completeness import send_reminders

    send_reminders()

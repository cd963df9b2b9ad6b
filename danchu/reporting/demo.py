"""Demo step: the province's quarterly and annual report forms assigned to the demo communes, a
year and the year before of reported figures (one commune late, one missing for the last quarter),
roll-ups refreshed, and the annual report drafted."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from danchu.accounts.models import Body, Membership, Role, User
from danchu.core.demo import demo_step

from . import rollup, services
from .defaults import install_defaults
from .models import Submission
from .periods import Period
from .registry import form_parts


def _values(form_code: str, index: int, period: Period, rng: random.Random) -> dict[str, str]:
    """What a demo commune types: the modules' parts of the form (their demo values), then reporting's
    own elements."""
    out: dict[str, str] = {}
    for part in form_parts(form_code):
        if part.demo is not None:
            out.update(part.demo(index, period, rng))
    return out


def _backdate(sub: Submission, submitted: dt.date, approved: dt.date | None) -> None:
    tz = timezone.get_current_timezone()
    fields = {"submitted_at": dt.datetime.combine(submitted, dt.time(9, 30), tzinfo=tz)}
    if approved is not None:
        fields["decided_at"] = dt.datetime.combine(approved, dt.time(15, 0), tzinfo=tz)
    Submission.objects.filter(pk=sub.pk).update(**fields)


@demo_step("reporting", 90)
def build(ctx: dict[str, Any]) -> None:
    province = ctx["province"]
    communes = ctx["communes"]
    committee = (
        ctx.get("bodies", {}).get(Body.Kind.STEERING_COMMITTEE)
        or Body.objects.filter(kind=Body.Kind.STEERING_COMMITTEE, place=province).first()
    )
    quarterly, annual = install_defaults(province, committee, units=communes)
    actor = ctx.get("people", {}).get("admin") or User.objects.filter(is_superuser=True).first()
    approver = ctx.get("people", {}).get("steering_member") or actor
    today = timezone.localdate()
    rng = random.Random(2026)
    # The last quarter whose due date is a week past: one commune on time, one late, one missing.
    last_quarter = Period.containing(today, "quarter").previous()
    while last_quarter.due_date(quarterly.due_days) + dt.timedelta(days=7) > today:
        last_quarter = last_quarter.previous()
    quarters = [
        q
        for y in (today.year - 1, today.year)
        for q in (Period.quarter(y, n) for n in (1, 2, 3, 4))
        if q.end <= last_quarter.end
    ]
    for period in quarters:
        for index, commune in enumerate(communes):
            if commune.valid_from and period.end < commune.valid_from:
                continue  # a commune created by the 2025 reform reports from its first quarter on
            is_last = period == last_quarter
            if is_last and index == 2:
                continue  # missing: the dashboard names it
            sub = services.submission_open(form=quarterly, place=commune, period=period)
            if sub.status != Submission.Status.DRAFT:
                continue
            services.submission_save(actor=actor, submission=sub, raw=_values("QCDC-Q", index, period, rng))
            services.submission_submit(actor=actor, submission=sub)
            due = sub.due_date
            submitted = (
                due + dt.timedelta(days=6) if is_last and index == 1 else due - dt.timedelta(days=2 + index)
            )
            if not is_last:
                services.submission_decide(actor=approver, submission=sub, approve=True)
            _backdate(sub, min(submitted, today), None if is_last else min(due + dt.timedelta(days=5), today))
    for year in (today.year - 1, today.year):
        period = Period.year(year)
        for index, commune in enumerate(communes):
            sub = services.submission_open(form=annual, place=commune, period=period)
            if sub.status != Submission.Status.DRAFT:
                continue
            services.submission_save(actor=actor, submission=sub, raw=_values("QCDC-N", index, period, rng))
            services.submission_submit(actor=actor, submission=sub)
            services.submission_decide(actor=approver, submission=sub, approve=True)
            when = min(period.due_date(annual.due_days) - dt.timedelta(days=3), today)
            _backdate(sub, when, when)
    for year in (today.year - 1, today.year):
        rollup.refresh(period=Period.year(year), scope=f"demo {year}")
    author = (
        approver
        if approver is not None
        and Membership.objects.filter(person=approver, role=Role.STEERING_MEMBER).exists()
        else actor
    )
    report = services.report_draft(
        actor=author, place=province, period=Period.year(today.year), committee=committee
    )
    ctx["report"] = report

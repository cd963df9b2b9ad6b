"""Completeness and timeliness: which units have submitted each form, on time or late, and the
reminders before the due date and to the late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import sqlmemo
from danchu.core.i18n import later
from danchu.places.models import Place
from danchu.places.queries import in_vietnamese_order

from .models import FormAssignment, ReminderSent, ReportForm, Submission
from .periods import Period


@dataclass
class UnitStatus:
    place: Place
    submission: Submission | None
    due: dt.date

    @property
    def state(self) -> str:
        """on_time | late | missing (not submitted, due date passed) | pending (not yet due) | draft."""
        s = self.submission
        if s is None or s.submitted_at is None:
            return "missing" if timezone.localdate() > self.due else "pending"
        return "on_time" if s.on_time else "late"


@dataclass
class Completeness:
    form: ReportForm
    period: Period
    units: list[UnitStatus]

    def count(self, state: str) -> int:
        return sum(1 for u in self.units if u.state == state)

    @property
    def on_time_count(self) -> int:
        return self.count("on_time")

    @property
    def late_count(self) -> int:
        return self.count("late")

    @property
    def submitted(self) -> int:
        return self.count("on_time") + self.count("late")

    @property
    def rate(self) -> float | None:
        return self.submitted / len(self.units) * 100 if self.units else None

    @property
    def on_time_rate(self) -> float | None:
        return self.count("on_time") / len(self.units) * 100 if self.units else None

    def not_submitted(self) -> list[Place]:
        return [u.place for u in self.units if u.state in ("missing", "pending")]


def completeness(form: ReportForm, place: Place, period: Period) -> Completeness:
    """For the units of `form`'s assignments within `place` (two queries)."""
    units: list[Place] = []
    for a in FormAssignment.objects.filter(form=form).select_related("scope"):
        if a.scope.path.startswith(place.path) or place.path.startswith(a.scope.path):
            units += [u for u in a.reporting_units() if u.path.startswith(place.path)]
    units = in_vietnamese_order(units)
    subs = {
        s.place_id: s
        for s in Submission.objects.filter(form=form, place__in=[u.pk for u in units]).for_period(period)
    }
    due = period.due_date(form.due_days)
    seen: set[int] = set()
    statuses = []
    for u in units:
        if u.pk in seen:
            continue
        seen.add(u.pk)
        statuses.append(UnitStatus(u, subs.get(u.pk), due))
    return Completeness(form, period, statuses)


def awaiting_approval(place: Place, start: dt.date, end: dt.date) -> list[Place]:
    """The units within `place` whose forms of a period within start–end are submitted and not yet
    approved: their figures count on the dashboards and in a drafted report, not yet in public."""
    units = Place.objects.filter(
        pk__in=Submission.objects.filter(
            place__path__startswith=place.path,
            period_start__gte=start,
            period_end__lte=end,
            status=Submission.Status.SUBMITTED,
        ).values("place_id")
    )
    return in_vietnamese_order(units)


def forms_for(place: Place) -> list[ReportForm]:
    """The active forms assigned within `place`, above it or to it (one query: the assignments whose
    scope is in the subtree or on the path down to it, not every assignment in the country)."""
    codes = place.path.strip("/").split("/")
    above = ["/" + "/".join(codes[:n]) + "/" for n in range(1, len(codes))]
    binds: dict[str, object] = {"path": sqlmemo.Prefix(place.path)}
    binds.update((f"a{i}", path) for i, path in enumerate(above))

    def build(path: str, **a: str) -> QuerySet[FormAssignment]:
        scoped = Q(scope__path__startswith=path) | Q(scope__path__in=[a[f"a{i}"] for i in range(len(above))])
        return FormAssignment.objects.filter(scoped, form__active=True).select_related("form")

    # Every dashboard view asks: compiled once per depth of place (core.sqlmemo).
    assignments = sqlmemo.objects(("reporting.forms_for", len(above)), build, binds=binds)
    seen: dict[int, ReportForm] = {}
    for a in assignments:
        seen.setdefault(a.form_id, a.form)
    return sorted(seen.values(), key=lambda f: f.code)


def _recipients(place: Place) -> list[object]:
    from danchu.accounts.models import Membership

    from .permissions import ENTRY_ROLES

    return [
        m.person
        for m in Membership.objects.active()
        .filter(place=place, role__in=ENTRY_ROLES)
        .select_related("person")
    ]


def _reminder(form: ReportForm, period: Period, due: dt.date, place: Place, *, late: bool) -> tuple[str, str]:
    """The reminder's subject and body, read by each recipient in their own language (`later`)."""

    def values() -> dict[str, str]:  # the period's name in the reader's language (Period.__str__)
        return {
            "form": form.name,
            "period": str(period),
            "due": due.strftime("%d/%m/%Y"),
            "place": place.name,
        }

    subject = later(
        lambda: (
            (
                _("Report “%(form)s” for %(period)s is late (due %(due)s)")
                if late
                else _("Report “%(form)s” for %(period)s is due on %(due)s")
            )
            % values()
        )
    )
    body = later(
        lambda: _("%(place)s has not yet submitted the report “%(form)s” for %(period)s.") % values()
    )
    return subject, body


def send_reminders(today: dt.date | None = None) -> int:
    """Remind units whose form is due soon, and the late; each reminder once. Returns messages sent."""
    from danchu.accounts.notify import notify

    today = today or timezone.localdate()
    sent = 0
    for form in ReportForm.objects.filter(active=True):
        period = Period.containing(today, form.period_type).previous()
        due = period.due_date(form.due_days)
        if due - dt.timedelta(days=form.remind_days_before) <= today <= due:
            kind = ReminderSent.Kind.BEFORE_DUE
        elif today > due:
            kind = ReminderSent.Kind.LATE
        else:
            continue
        for assignment in FormAssignment.objects.filter(form=form).select_related("scope"):
            status = completeness(form, assignment.scope, period)
            for unit in status.units:
                if unit.state not in ("missing", "pending"):
                    continue
                if ReminderSent.objects.filter(
                    form=form, place=unit.place, period_start=period.start, kind=kind
                ).exists():
                    continue
                people = _recipients(unit.place)
                subject, body = _reminder(form, period, due, unit.place, late=kind == ReminderSent.Kind.LATE)
                for person in people:
                    if notify(person, subject=subject, body=body):
                        sent += 1
                ReminderSent.objects.create(
                    form=form, place=unit.place, period_start=period.start, kind=kind, recipients=len(people)
                )
    return sent

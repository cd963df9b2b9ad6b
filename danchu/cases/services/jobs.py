"""The daily deadline job: remind handlers of cases due soon, escalate overdue ones to the head."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit

from .. import deadlines, notify
from ..models import Case, DeadlineReminder, State
from .common import _d, _event

# --- Deadline jobs -------------------------------------------------------------------------------------


def remind_and_escalate(today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind handlers of cases due soon; escalate overdue ones to the head of the unit once."""
    from danchu.accounts.models import Membership, Role

    today = today or timezone.localdate()
    horizon = deadlines.due_soon_horizon(today)
    reminded = escalated = 0
    for case in Case.objects.due_between(today, horizon).select_related("handler", "unit"):
        if case.handler is None or case.current_due is None:
            continue
        kind = (
            DeadlineReminder.Kind.ACCEPTANCE
            if case.state == State.RECEIVED
            else DeadlineReminder.Kind.RESOLUTION
        )
        with transaction.atomic():
            _reminder, created = DeadlineReminder.objects.get_or_create(
                case=case, kind=kind, due_on=case.current_due, person=case.handler
            )
            if not created:
                continue  # this handler was already told about this deadline
            notify.send(
                person=case.handler,
                subject=_("Case %(code)s is due soon") % {"code": case.tracking_code},
                body=_("Case %(code)s (%(title)s) is due on %(d)s.")
                % {
                    "code": case.tracking_code,
                    "title": case.title,
                    "d": _d(case.current_due),
                },
            )
            _event(case, "remind", None, case.state, note=_d(case.current_due), public=False)
        reminded += 1
    overdue = list(
        Case.objects.overdue(today).filter(escalated_at__isnull=True).select_related("unit", "handler")
    )
    heads: dict[int, list[Any]] = {}
    for m in (
        Membership.objects.active()
        .filter(role=Role.COMMUNE_CHAIRMAN, place_id__in={c.unit_id for c in overdue})
        .select_related("person")
    ):
        if m.place_id is not None:
            heads.setdefault(m.place_id, []).append(m.person)
    for case in overdue:
        with transaction.atomic():
            for head in heads.get(case.unit_id, []):
                notify.send(
                    person=head,
                    subject=_("Overdue case %(code)s") % {"code": case.tracking_code},
                    body=_("Case %(code)s (%(title)s) held by %(handler)s was due on %(d)s.")
                    % {
                        "code": case.tracking_code,
                        "title": case.title,
                        "handler": case.handler or _("nobody yet"),
                        "d": _d(case.current_due),
                    },
                )
            case.escalated_at = timezone.now()
            case.save(update_fields=["escalated_at"])
            _event(case, "escalate", None, case.state, public=False)
            audit(actor=None, action="cases.escalate", obj=case, after={"due": case.current_due})
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}

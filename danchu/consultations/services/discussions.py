"""A consultation opened for another module's discussion phase (the kernel's `core.discussions`): a
village convention's version discussed by the village's residents (meetings).

The consultation is the commune's (its staff group and answer the comments and publish the
synthesis, as for any consultation), asks the households of that one village, opens today and takes
the text as paragraphs, so comments anchor to them as on a DOCX draft. Comments go through the same
`comment_add` / `comment_record` as every consultation's. No opening disclosure is published: the
village head, who usually opens it, does not publish for the commune, and the draft is public on the
village's page and on the consultation's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Role
from danchu.accounts.permissions import COMMUNE_STAFF, can_act_in_place
from danchu.core.audit import audit
from danchu.core.discussions import Discussion, Topic
from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Level

from .. import importing, rules
from ..models import Audience, Channel, Consultation
from .common import text
from .consultations import _import_paragraphs, _snapshot, accepting_comments, check_period

S = Consultation.Status


@transaction.atomic
def discussion_open(*, actor: Any, topic: Topic, today: dt.date | None = None) -> Consultation:
    """Open the consultation of a village's discussion, from today to `topic.closes_on` (or the
    basis' minimum period). Refused, with nothing written, unless the actor is the village's head or
    staff of its commune, and unless the period is at least the basis' minimum."""
    village = topic.village
    if village is None or village.level != Level.VILLAGE or village.parent is None:
        raise DomainError(_("A village discussion belongs to a village of a commune."), code="not_village")
    if not can_act_in_place(actor, village, COMMUNE_STAFF | {Role.VILLAGE_HEAD}):
        raise Forbidden(_("Only the village head or the commune's staff open a village discussion."))
    basis = rules.basis(rules.CONVENTION)
    assert basis is not None  # registered with the defaults
    today = today or timezone.localdate()
    minimum = basis.minimum_days()
    closes_on = topic.closes_on or today + dt.timedelta(days=max(minimum, 1) - 1)
    days = (closes_on - today).days + 1
    if days < minimum:
        raise DomainError(
            _("The consultation is open %(days)s days; %(article)s requires at least %(min)s days.")
            % {"days": max(days, 0), "article": basis.article, "min": minimum},
            code="period_too_short",
            detail={"days": days, "minimum": minimum},
        )
    check_period(today, closes_on, today)
    blocks = importing.read_text(text(topic.text, label=_("Text"), max_length=200000))
    c = Consultation.objects.create(
        place=village.parent,
        consulting_body=text(
            _("Village head of %(village)s") % {"village": village.name},
            label=_("Consulting body"),
            max_length=255,
        ),
        title=text(topic.title, label=_("Title"), max_length=300),
        summary=text(topic.summary, label=_("Summary"), max_length=4000, required=False),
        basis=basis.code,
        basis_article=basis.article,
        min_days=minimum,
        audience=Audience.VILLAGES,
        channels=[Channel.ONLINE, Channel.MEETING],
        opens_on=today,
        closes_on=closes_on,
        status=S.OPEN,
        created_by=actor,
    )
    c.villages.set([village])
    _import_paragraphs(c, blocks, 1)
    audit(
        actor=actor,
        action="consultations.discussion_open",
        obj=c,
        after={**_snapshot(c), "village": village.pk, "source": topic.source[:200]},
    )
    return c


def discussion_state(c: Consultation) -> Discussion:
    closed = c.status == S.CLOSED
    return Discussion(
        ref=f"consultations:{c.pk}",
        url=reverse("consultations:detail", args=[c.pk]),
        status=str(c.get_status_display()),
        opens_on=c.opens_on,
        closes_on=c.closes_on,
        accepting=accepting_comments(c),
        comments=c.comments.count(),
        synthesis_url=reverse("consultations:synthesis_pdf", args=[c.pk]) if closed else "",
        decision=c.decision_reference if closed else "",
        title=c.title,
    )

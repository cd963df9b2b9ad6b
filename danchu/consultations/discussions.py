"""Manifest entry `discussions`: consultations run the discussions other modules ask the kernel for
(`danchu.core.discussions`) — a village convention's version open for comments (meetings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.core.discussions import Discussion, Provider, Topic, register_provider

from .models import Consultation


def _open(*, actor: Any, topic: Topic) -> str:
    from .services.discussions import discussion_open

    return str(discussion_open(actor=actor, topic=topic).pk)


def _state(ident: str) -> Discussion | None:
    from .services.discussions import discussion_state

    if not ident.isdigit() or len(ident) > 12:
        return None
    c = Consultation.objects.filter(pk=int(ident)).first()
    return discussion_state(c) if c is not None else None


def _open_to(village: Any, day: dt.date) -> list[Discussion]:
    from .queries import taking_meeting_comments
    from .services.discussions import discussion_state

    return [discussion_state(c) for c in taking_meeting_comments(village, day)]


def register() -> None:
    register_provider("consultations", Provider(open=_open, state=_state, open_to=_open_to))

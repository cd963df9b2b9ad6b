"""Public discussions of a text, run by whichever module provides them (issue #10, item 7).

A module whose procedure has a discussion phase — meetings: a village convention's version "open for
comments" — asks the kernel to open a discussion and stores the reference it gets back
(`"consultations:42"`). A module that runs public discussions — consultations: paragraphs, comments by
the people consulted, a published synthesis — registers a provider from the `discussions` entry of its
manifest. The kernel imports neither, and the asking module never imports the provider: consultations
already reads meetings (a comment received at a village meeting names its agenda item), so meetings
importing consultations would close a cycle (`core/tests/test_house_rules.py` checks it does not).

With no provider registered (the consultations app not installed), `open_discussion` returns "" and
the asking module carries on without online comments; `discussion()` of a reference whose provider is
gone returns None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class Topic:
    """What to discuss, with whom, until when."""

    village: Any  # places.Place: the village whose residents are asked (and may comment)
    title: str
    text: str  # the text itself, one paragraph a line
    closes_on: dt.date | None  # the last day of comments; None: the provider's shortest lawful period
    summary: str = ""
    source: str = ""  # who asked, for the provider's audit entry: "meetings.conventionversion:12"


@dataclass(frozen=True)
class Discussion:
    """A discussion's state as the asking module shows and uses it."""

    ref: str
    url: str  # the public page where people read the text and comment
    status: str  # in the provider's words, translated
    opens_on: dt.date | None
    closes_on: dt.date | None
    accepting: bool  # comments are accepted today
    comments: int  # every comment, whatever the channel (online, counter, meeting, written)
    synthesis_url: str = ""  # "" until the synthesis (answers to the comments) is published
    decision: str = ""  # the number of the decision the synthesis records, once published
    title: str = ""


@dataclass(frozen=True)
class Provider:
    # open(actor=, topic=) -> the provider's own id of the new discussion; raises DomainError (nothing
    # written) when the provider refuses (the actor may not, the period is too short…).
    open: Callable[..., str]
    state: Callable[[str], Discussion | None]  # state(id) -> None when there is no such discussion
    # open_to(village, day) -> the provider's discussions that take comments from this village's
    # residents at a village meeting held that day (a meeting's "comment" item is one of their channels).
    open_to: Callable[[Any, dt.date], list[Discussion]] | None = None


PROVIDERS: Registry[Provider] = Registry("discussion providers")


def register_provider(key: str, provider: Provider) -> None:
    if ":" in key:
        raise ValueError(f"discussion provider {key!r}: no colon in a key")
    PROVIDERS.register(key, provider)


def available() -> bool:
    """Whether a discussion can be opened (a provider is registered)."""
    return bool(PROVIDERS.keys())


def open_discussion(*, actor: Any, topic: Topic) -> str:
    """Open a discussion with the first provider (by key); its reference "key:id", or "" when no
    provider is registered. Runs in the caller's transaction: a refusal rolls back both sides."""
    keys = sorted(PROVIDERS.keys())
    if not keys:
        return ""
    key = keys[0]
    return f"{key}:{PROVIDERS.get(key).open(actor=actor, topic=topic)}"


def discussion(ref: str) -> Discussion | None:
    """The state of the discussion `ref` names, or None (no reference, provider gone, no such id)."""
    key, _sep, ident = (ref or "").partition(":")
    if not ident or key not in PROVIDERS:
        return None
    return PROVIDERS.get(key).state(ident)


def open_to(village: Any, day: dt.date) -> list[Discussion]:
    """Every provider's discussions that a meeting of `village` on `day` can send comments to (the
    meeting page lists them beside its comment items)."""
    found: list[Discussion] = []
    for key in sorted(PROVIDERS.keys()):
        lister = PROVIDERS.get(key).open_to
        if lister is not None:
            found.extend(lister(village, day))
    return found

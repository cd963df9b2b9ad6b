"""Texts composed now and read later, in the reader's language.

A message is composed while someone acts — an officer who reads the site in English, or a job with no
language of its own — and read by people who each chose theirs. `later()` keeps the composing code
(`gettext` and `%`) as it is and runs it when the text is read: `accounts.notify.notify()` reads a
message once per recipient, inside that recipient's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import lazy


def later(render: Callable[..., str], *args: Any) -> str:
    """A text rendered each time it is read (`str()`), in the language active then, as `render(*args)`.
    `render` calls gettext itself, so that makemessages still finds the message:

        subject = later(lambda: _("Case %(code)s merged") % {"code": case.tracking_code})
        for task in tasks:  # in a loop, pass what changes from one turn to the next
            body = later(lambda t: _("Task due: %(t)s") % {"t": t.title}, task)

    Django's lazy strings cannot do this on their own: `gettext_lazy(...) % {...}` is rendered at once.
    """
    return lazy(render, str)(*args)  # type: ignore[no-any-return]


def official_language() -> Any:
    """Compose a public document (a disclosure a module publishes: minutes, a consultation's opening or
    synthesis) in the site's language, Vietnamese — not in the language the officer reads the site in:

        with official_language():
            title = _("Resolution of the meeting: %(title)s") % {"title": meeting.title}
    """
    from django.conf import settings
    from django.utils import translation

    return translation.override(settings.LANGUAGE_CODE)

"""core.i18n: a text composed under one language and read under another is in the reader's."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.i18n import later, official_language


def test_a_later_text_is_rendered_each_time_it_is_read_in_the_language_active_then() -> None:
    with translation.override("en"):  # composed by someone reading in English
        text = later(lambda: _("People and roles"))
    with translation.override("vi"):
        vi = str(text)
    with translation.override("en"):
        en = str(text)
    assert en == "People and roles" and vi != en and vi


def test_arguments_are_bound_when_the_text_is_made_not_when_it_is_read() -> None:
    texts = [later(lambda n: _("Page %(n)s") % {"n": n}, n) for n in (1, 2)]
    with translation.override("en"):
        assert [str(t) for t in texts] == ["Page 1", "Page 2"]


def test_official_language_is_the_sites() -> None:
    with translation.override("en"), official_language():
        assert translation.get_language() == "vi"

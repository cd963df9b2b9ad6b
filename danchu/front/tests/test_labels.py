"""Every form field, image, button and link a demo role meets has a name a screen reader reads out
(WCAG 1.1.1, 1.3.1, 4.1.2): an image its alt, a button or link its text or aria-label; a field a
<label> for it or around it, or aria-label / aria-labelledby / title — and no two fields of a page
share an id (two forms with the same field names rendered by Django both get `id_topic`, and the
second field's label then names the first); every aria-describedby / aria-labelledby names an element
of the page (a help text whose id the template spelt differently from Django's "<id>_helptext" is
never read). The check runs on the bounded crawl of every demo role in test_crawl.py (one demo and one
crawl for both); the tests here check the checker."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

UNNAMED_TYPES = {"hidden", "submit", "button", "image", "reset"}


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_label = 0
        self.label_for: set[str] = set()
        self.ids: Counter[str] = Counter()
        self.fields: list[tuple[str, str, bool]] = []  # (description, id, named without a label for)
        self.all_ids: set[str] = set()
        self.refs: list[str] = []
        self.nameless: list[str] = []  # images without alt, buttons and links with nothing to read
        self.open_control: tuple[str, str, list[str]] | None = None  # (tag, description, text seen)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.all_ids.add(a["id"])
        for ref in ("aria-describedby", "aria-labelledby"):
            self.refs.extend(a.get(ref, "").split())
        if tag == "img" and "alt" not in a:
            self.nameless.append(f"<img src={a.get('src', '')!r}> without alt")
        if self.open_control is not None and tag == "img" and a.get("alt"):
            self.open_control[2].append(a["alt"])
        if tag in ("button", "a") and not (a.get("aria-label") or a.get("title") or a.get("aria-labelledby")):
            if tag == "button" or a.get("href"):
                self.open_control = (tag, f"<{tag} {a.get('href') or a.get('name') or ''}>", [])
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        field = tag in ("select", "textarea") or (
            tag == "input" and a.get("type", "text") not in UNNAMED_TYPES
        )
        if not field:
            return
        if a.get("id"):
            self.ids[a["id"]] += 1
        named = bool(self.in_label or a.get("aria-label") or a.get("aria-labelledby") or a.get("title"))
        self.fields.append(
            (f"<{tag} name={a.get('name', '')!r} id={a.get('id', '')!r}>", a.get("id", ""), named)
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.open_control is not None and data.strip():
            self.open_control[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.in_label:
            self.in_label -= 1
        if self.open_control is not None and tag == self.open_control[0]:
            if not self.open_control[2]:
                self.nameless.append(f"{self.open_control[1]} with nothing to read")
            self.open_control = None


def problems_in(html: str) -> list[str]:
    parser = _Fields()
    parser.feed(html)
    out = [f"no label: {d}" for d, fid, named in parser.fields if not named and fid not in parser.label_for]
    out += [f"id used by {n} fields: {fid!r}" for fid, n in parser.ids.items() if n > 1]
    out += [f"aria reference to no element: {ref!r}" for ref in parser.refs if ref not in parser.all_ids]
    return out + parser.nameless


def test_problems_in_finds_what_a_screen_reader_cannot_name() -> None:
    assert (
        problems_in('<label for="a">A</label><input id="a"><label>B <select name="b"></select></label>') == []
    )
    assert problems_in('<input name="q" aria-label="Tìm"><textarea title="Ghi chú"></textarea>') == []
    assert problems_in('<input type="hidden" name="x"><button>Gửi</button>') == []
    assert problems_in('<input name="year" type="number">') == ["no label: <input name='year' id=''>"]
    assert problems_in('<label for="id_t">T</label><input id="id_t"><input id="id_t">') == [
        "id used by 2 fields: 'id_t'"
    ]
    assert problems_in(
        '<input aria-label="Ghi chú" aria-describedby="id_note_helptext"><small id="id_note-help">'
    ) == ["aria reference to no element: 'id_note_helptext'"]
    assert (
        problems_in('<a href="/x"><img src="/m.png" alt="Bản đồ"></a><button aria-label="Đóng">×</button>')
        == []
    )
    assert problems_in('<img src="/m.png"><a href="/x"> </a><button name="go"></button>') == [
        "<img src='/m.png'> without alt",
        "<a /x> with nothing to read",
        "<button go> with nothing to read",
    ]

"""A heading, a caption and a checkbox's label start with a capital letter in Vietnamese as in English.
A msgid that is also a model's verbose name is written in lower case for use inside sentences
("đăng ký mô hình “Dân vận khéo”"); shown alone as a heading it read "mô hình “Dân vận khéo”" on the
steering committee's page until a crawl looked for it. Templates capitalise such a name with
`capfirst`. The check runs on the bounded crawl of every demo role (test_crawl.py)."""

from __future__ import annotations

from html.parser import HTMLParser

CHECKED = {"h1", "h2", "h3", "h4", "caption", "legend", "summary"}
OPENING = "“\"'«(‘ "


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []  # [tag, text so far]
        self.checkbox_label = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in CHECKED:
            self.open.append([tag, ""])
        elif tag == "label":
            self.open.append([tag, ""])
        elif tag == "input" and a.get("type") == "checkbox" and self.open and self.open[-1][0] == "label":
            self.checkbox_label = True

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            return
        _tag, text = self.open.pop()
        text = " ".join(text.split()).lstrip(OPENING)
        checked = tag in CHECKED or (tag == "label" and self.checkbox_label)
        if tag == "label":
            self.checkbox_label = False
        if checked and text[:1].islower():
            self.found.append(f"<{tag}> {text[:80]}")

    def handle_data(self, data: str) -> None:
        for item in self.open:
            item[1] += data


def lower_case_headings(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    return parser.found


def test_the_check_finds_a_heading_and_a_checkbox_label_in_lower_case() -> None:
    html = (
        "<h2>mô hình “Dân vận khéo”</h2><h2>“Dân vận khéo”</h2><h3>Đăng ký</h3>"
        '<label><input type="checkbox" name="a"> vùng sâu, vùng xa</label>'
        "<label>đến ngày <input type=date></label><h1>2026: năm</h1>"
    )
    assert lower_case_headings(html) == ["<h2> mô hình “Dân vận khéo”", "<label> vùng sâu, vùng xa"]

"""Text of disclosures: Markdown rendered safely, cited documents linked, the search index."""

from __future__ import annotations

import html as html_lib
import logging
import re

import nh3
from django.utils import timezone
from markdown_it import MarkdownIt

from .. import docrefs, search
from ..models import (
    Citation,
    Disclosure,
    Document,
    SearchEntry,
)

log = logging.getLogger(__name__)


_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


# --- Text -----------------------------------------------------------------------------------------


_HTML_START = re.compile(r"\s*<(p|h[1-6]|ul|ol|table|blockquote|pre|div|strong|em|br)\b", re.IGNORECASE)
_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
}


def is_html(text: str) -> bool:
    """A body from the rich-text editor is HTML (it starts with a block tag); anything else is the
    Markdown written before the editor existed, which keeps rendering as it did."""
    return bool(_HTML_START.match(text or ""))


def clean_html(html: str) -> str:
    """Only the tags, attributes and link schemes a disclosure body may carry (nh3)."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def render_body(text: str, links: dict[str, str] | None = None) -> str:
    """The safe HTML of a body: the editor's HTML sanitised (tables kept; scripts, event handlers,
    styles and `javascript:` links stripped), or Markdown rendered then sanitised."""
    if is_html(text):
        # Quill's getSemanticHTML() writes every space as &nbsp;: lines would never wrap on a poster.
        return clean_html(text.replace("&nbsp;", " ").replace("\xa0", " "))
    return render_markdown(text, links)


def plain_text(text: str) -> str:
    """The words of a body, for search and the loudspeaker: tags dropped, entities decoded."""
    if not is_html(text):
        return text
    spaced = re.sub(r"<(/p|br|/li|/tr|/h[1-6]|/td|/th)\b", r" \g<0>", text, flags=re.IGNORECASE)
    return html_lib.unescape(nh3.clean(spaced, tags=set()))


def render_markdown(text: str, links: dict[str, str] | None = None) -> str:
    """Markdown to safe HTML: unsafe HTML and scripts are stripped (nh3); document references become
    links to their registry page when `links` maps a reference's text span to a URL."""
    if links:
        for span, url in sorted(links.items(), key=lambda kv: -len(kv[0])):
            text = re.sub(rf"(?<!\[){re.escape(span)}(?!\]\()", f"[{span}]({url})", text, count=0)
    return clean_html(_md.render(text or ""))


def _document_for(ref: docrefs.DocRef) -> Document:
    doc = Document.objects.filter(key=ref.key).first()
    if doc is None and ref.year is None:
        # A later citation without year or date ("Kết luận số 21-KL/TW") names the one we know.
        same = list(Document.objects.filter(symbol=ref.symbol)[:2])
        if len(same) == 1:
            doc = same[0]
    if doc is None:
        doc = Document.objects.create(
            key=ref.key,
            form=ref.form,
            doc_type=ref.doc_type,
            type_name=ref.type_name,
            number=ref.number,
            year=ref.year,
            symbol=ref.symbol,
            issuer=ref.issuer,
            issuer_name=ref.issuer_name[:200],
            issued_on=ref.issued_on,
            title=ref.title,
        )
        _index_document(doc)
    elif (ref.issued_on and not doc.issued_on) or (ref.issuer_name and not doc.issuer_name):
        doc.issued_on = doc.issued_on or ref.issued_on
        doc.issuer_name = doc.issuer_name or ref.issuer_name[:200]
        doc.save(update_fields=["issued_on", "issuer_name"])
        _index_document(doc)
    return doc


def _index_document(doc: Document) -> None:
    body = " ".join(
        filter(
            None,
            [
                doc.type_name,
                doc.symbol,
                doc.issuer_name,
                doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else "",
            ],
        )
    )
    search.index(
        kind=SearchEntry.Kind.DOCUMENT, object_id=doc.pk, title=str(doc), body=body, date=doc.issued_on
    )


def cite_and_render(d: Disclosure) -> None:
    """Link the documents the text cites and render the body (caller saves body_html)."""
    refs = docrefs.parse(f"{d.title}\n{d.summary}\n{d.body}\n{d.legal_basis}")
    links: dict[str, str] = {}
    seen: set[int] = set()
    for ref in refs:
        doc = _document_for(ref)
        links[ref.text] = doc.get_absolute_url()
        if doc.pk not in seen:
            seen.add(doc.pk)
            Citation.objects.get_or_create(document=doc, disclosure=d, defaults={"text": ref.text[:300]})
    d.body_html = render_body(d.body, links)


def index_disclosure(d: Disclosure) -> None:
    if not d.is_public:
        search.unindex(kind=SearchEntry.Kind.DISCLOSURE, object_id=d.pk)
        return
    body = "\n".join(
        filter(None, [d.summary, plain_text(d.body), d.issuing_unit, d.place.name, d.legal_basis])
    )
    search.index(
        kind=SearchEntry.Kind.DISCLOSURE,
        object_id=d.pk,
        title=d.title,
        body=body,
        place_path=d.place.path,
        category=d.category,
        date=timezone.localtime(d.published_at).date() if d.published_at else None,
    )

"""The public page of signed audit heads (for the lead to mount, e.g. at /audit/anchors/).

    path("audit/anchors/", audit_page.anchors, name="audit_anchors")
    path("audit/anchors.txt", audit_page.anchors_text, name="audit_anchors_text")

Anyone may copy these lines: each says how many entries the audit log had and the hash of the last
one, signed with the key shown on the page. `danchu verify_audit` checks the log against them, and
anyone holding a copy can tell if the log was cut short or rewritten.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import PUBLIC, access
from .anchors import published_heads


@access(PUBLIC)
def anchors(request: HttpRequest) -> HttpResponse:
    return render(request, "core/audit_anchors.html", published_heads())


@access(PUBLIC)
def anchors_text(request: HttpRequest) -> HttpResponse:
    heads = published_heads(limit=10_000)
    lines = [f"# public key {heads['public_key']}"] + [a.as_line() for a in reversed(heads["anchors"])]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response

"""Protected files: served only by a view that has checked access to the object they belong to.

    return serve_protected(request, attachment.file, filename=attachment.original_name)

In development Django streams the file; in production (settings.PROTECTED_MEDIA_ACCEL_PREFIX set)
the response carries `X-Accel-Redirect` and nginx serves the bytes from an `internal` location, so a
file is never reachable by a guessable /media/ URL. Always with Content-Disposition and nosniff.

A photo, a recording or a video opened by itself is shown by the browser's own viewer document, whose
inline style the pages' policy (style-src 'self') refused: Chromium logged three CSP violations for every
photo of a work opened in a new tab. Such a file gets a policy of its own instead — nothing may load
but the file itself, the viewer's inline style allowed, no script (default-src 'none').
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header

# The policy of a photo, recording or video served by itself (django-csp leaves a response that has one).
MEDIA_POLICY = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
)


def serve_protected(
    request: HttpRequest, file: File, *, filename: str = "", inline: bool = True, content_type: str = ""
) -> HttpResponseBase:
    name = getattr(file, "name", "") or ""
    if not name:
        raise Http404
    filename = filename or name.rsplit("/", 1)[-1]
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    prefix = settings.PROTECTED_MEDIA_ACCEL_PREFIX
    if prefix:
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = iri_to_uri(prefix.rstrip("/") + "/" + name.lstrip("/"))
    else:
        try:
            handle = file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if content_type.startswith(("image/", "audio/", "video/")) and content_type != "image/svg+xml":
        response["Content-Security-Policy"] = MEDIA_POLICY
    return response

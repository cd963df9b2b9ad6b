"""Pages of the cases module, by audience: public (form, tracking), staff (cases and their workflow),
office (intake, import, reception, API keys)."""

from __future__ import annotations

from .office import apikeys, import_view, intake, reception
from .public import on_time, place, rate, submit, submitted, track, track_detail, track_photo, track_reply
from .staff import action, dashboard, identity, photo, reply_docx, staff_detail, staff_list

__all__ = [
    "action",
    "apikeys",
    "dashboard",
    "identity",
    "import_view",
    "intake",
    "on_time",
    "photo",
    "place",
    "rate",
    "reception",
    "reply_docx",
    "staff_detail",
    "staff_list",
    "submit",
    "submitted",
    "track",
    "track_detail",
    "track_photo",
    "track_reply",
]

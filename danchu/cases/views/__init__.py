"""Pages of the cases module, by audience: public (form, tracking), staff (cases and their workflow),
office (intake, import, reception, API keys)."""

from __future__ import annotations

from .authority import contacts, delegations
from .lists import staff_export, staff_list
from .office import apikeys, escalations, import_view, intake, reception
from .public import (
    index,
    lost_key,
    on_time,
    place,
    rate,
    submit,
    submitted,
    track,
    track_detail,
    track_photo,
    track_reply,
)
from .staff import action, dashboard, identity, photo, reply_docx, staff_detail

__all__ = [
    "index",
    "lost_key",
    "action",
    "apikeys",
    "contacts",
    "dashboard",
    "delegations",
    "escalations",
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
    "staff_export",
    "staff_list",
    "submit",
    "submitted",
    "track",
    "track_detail",
    "track_photo",
    "track_reply",
]

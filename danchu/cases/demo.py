"""Demo data for cases: filled in below."""

from __future__ import annotations

"""Periodic jobs of steering."""

from __future__ import annotations

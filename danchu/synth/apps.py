from __future__ import annotations

from django.apps import AppConfig


class SynthConfig(AppConfig):
    """`danchu synth`: realistic synthetic data at commune, province or national scale (issue #17 item 8).

    A wiring-level app like the URL conf: it writes the modules' tables directly (bulk inserts, COPY on
    PostgreSQL) and no module imports it."""

    name = "danchu.synth"
    label = "synth"
    verbose_name = "Synthetic data"

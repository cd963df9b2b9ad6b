"""Demo data of consultations (filled in below)."""

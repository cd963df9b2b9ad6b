from __future__ import annotations

from danchu.places.importing.shares import import_shares

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the known shares of the 2025 mapping (old_code, new_code, share, basis) from a CSV or XLSX "
        "file (see docs/places.md). Nothing is imported if a row is bad."
    )
    importer = staticmethod(import_shares)

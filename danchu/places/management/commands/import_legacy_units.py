from __future__ import annotations

from danchu.places.importing import import_legacy_units

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import legacy units (districts, communes before 1 July 2025) from a CSV or XLSX file (see docs/places.md). Nothing is imported if a row is bad."
    importer = staticmethod(import_legacy_units)

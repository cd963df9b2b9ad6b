from __future__ import annotations

from danchu.places.importing import import_households

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import households from a CSV or XLSX file (see docs/places.md). Nothing is imported if a row is bad."
    )
    importer = staticmethod(import_households)

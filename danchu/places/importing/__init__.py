"""Importing villages, household registers and legacy units from CSV (UTF-8, with or without BOM)
or XLSX files. One importer, used by the management commands and the back-office upload page.

Every row is validated first. A bad row is reported with its line number and the reason; if any row
is bad nothing of the file is imported, unless the caller asks to skip bad rows. Re-importing the
same file is safe: rows are matched to what exists (upsert), never duplicated.
"""

from __future__ import annotations

from .common import Gender, Relation  # noqa: F401
from .households import (  # noqa: F401
    HOUSEHOLD_ALIASES,
    HouseholdRows,
    MemberRow,
    _member_data,
    import_households,
    validate_households,
)
from .legacy import LEGACY_ALIASES, LEGACY_KINDS, LegacyRow, import_legacy_units, validate_legacy  # noqa: F401
from .reading import (  # noqa: F401
    ImportResult,
    Row,
    RowError,
    _header_key,
    _read_csv,
    _read_xlsx,
    _require_columns,
    read_table,
)
from .values import (  # noqa: F401
    GENDER_WORDS,
    RELATION_WORDS,
    TRUE_WORDS,
    VILLAGE_WORDS,
    Invalid,
    commune_code,
    parse_bool,
    parse_date,
    parse_gender,
    parse_id_number,
    parse_phone,
    parse_relation,
    village_kind,
)
from .villages import VILLAGE_ALIASES, VillageRow, _find_village, import_villages, validate_villages  # noqa: F401

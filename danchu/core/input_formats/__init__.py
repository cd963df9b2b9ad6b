"""How forms read a typed date, in both languages (settings.FORMAT_MODULE_PATH): day first, as dates
are written in Vietnam, or ISO (what a browser's date picker sends). Django's own formats would read
"05/03/2024" as 3 May — its English formats are month first, and its Vietnamese ones name none, so it
falls back to the same month-first list — where a person in Vietnam, typing into a date box that
shows as plain text on an older phone, means 5 March. The same rule as `core.formats.cell_date`
reads in imports."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d",
]

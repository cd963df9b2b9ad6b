"""Input types for API schemas that refuse what the database cannot store.

    from danchu.core.schema import Text
    class TokenIn(Schema):
        name: Text = Field(..., min_length=1, max_length=100)

PostgreSQL refuses a NUL character in a text value with an error that became a 500; Django's form
fields refuse it already (ProhibitNullCharactersValidator), API schemas did not. Always give a
max_length too: a value longer than its column is refused with a message, never cut silently.
"""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", gettext("Null characters are not allowed."))
    return value


Text = Annotated[str, AfterValidator(refuse_nul)]
# An import's answer: the headers of its file that it did not read ("STT", "Ghi chú", a misspelt
# column), so that a column left out is said, not lost in silence.
UnreadColumns = Annotated[
    list[str], Field(description="The file's headers that name no column of the import")
]
# The bad rows an import skipped when asked to (skip_bad_rows), each "Dòng N: why".
SkippedRows = Annotated[list[str], Field(description="The bad rows skipped, as asked, each with its line")]

"""Every kind of invalid value an API request can send gets its message in the reader's language.
"Input should be a finite number" reached a Vietnamese reader as pydantic wrote it (a payment of
"NaN" đồng through the works API); each kind pydantic raises now has a message, an unforeseen one
says "not valid" in the reader's language, and our own errors (PydanticCustomError) keep theirs."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal, get_args

import pytest
from django.utils import translation
from pydantic import BaseModel, Field, ValidationError
from pydantic_core.core_schema import ErrorType

from danchu.core.errors import field_problems
from danchu.core.schema import Text


class Payment(BaseModel, extra="forbid"):
    amount: Decimal = Field(default=Decimal(0), max_digits=12, decimal_places=2, allow_inf_nan=False)
    households: list[int] = Field(default_factory=list, min_length=0, max_length=2)
    step: int = Field(default=0, multiple_of=5)
    receipt: uuid.UUID | None = None
    note: Text = ""
    code: str = Field(default="A1", pattern=r"^[A-Z]\d$")
    kind: Literal["cash", "labour"] = "cash"
    name: str = Field(default="", max_length=5)
    at: dt.datetime | None = None
    on: dt.date | None = None


def _messages(data: dict[str, Any], language: str = "vi") -> dict[str, str]:
    with pytest.raises(ValidationError) as caught, translation.override(language):
        Payment(**data)
    with translation.override(language):
        return {p["field"]: p["message"] for p in field_problems(caught.value.errors())}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "NaN"}, "amount", "Nhập một số."),
        ({"amount": "1234567890123"}, "amount", "Nhập một số có nhiều nhất 12 chữ số."),
        ({"amount": "1.234"}, "amount", "Nhập nhiều nhất 2 chữ số sau dấu thập phân."),
        ({"households": "1"}, "households", "Hãy gửi một danh sách."),
        ({"households": [1, 2, 3]}, "households", "Hãy gửi nhiều nhất 2 mục."),
        ({"step": 7}, "step", "Nhập một bội số của 5."),
        ({"receipt": "zz"}, "receipt", "Nhập một mã định danh hợp lệ."),
        ({"at": "2026-02-30T10:00"}, "at", "Nhập ngày giờ hợp lệ (YYYY-MM-DDTHH:MM+07:00)."),
        ({"on": "2026-02-30"}, "on", "Nhập ngày hợp lệ (YYYY-MM-DD)."),
        ({"code": "a1"}, "code", "Nhập giá trị đúng dạng (^[A-Z]\\d$)."),
        ({"kind": "gold"}, "kind", "Chọn một trong: 'cash' hoặc 'labour'."),
        ({"name": "Nguyễn"}, "name", "Nhập nhiều nhất 5 ký tự."),
        ({"tip": 1}, "tip", "Trường này không được chấp nhận ở đây."),
        ({"note": "a\x00b"}, "note", "Không được chứa ký tự rỗng (NUL)."),
    ],
)
def test_each_kind_is_said_in_vietnamese(data: dict[str, Any], field: str, message: str) -> None:
    assert _messages(data)[field] == message


def test_and_in_english_when_chosen() -> None:
    assert _messages({"amount": "NaN"}, "en")["amount"] == "Enter a number."


def test_no_kind_pydantic_raises_falls_through_to_its_english_text() -> None:
    with translation.override("vi"):
        for kind in get_args(ErrorType):
            [problem] = field_problems(
                [{"type": kind, "loc": ("body", "x"), "msg": "Input should be x", "ctx": {}}]
            )
            assert problem["message"] != "Input should be x", kind

"""Vietnamese official document symbols (số, ký hiệu văn bản) as they appear in running text.

Two forms (DOMAIN.md §9):
- state documents (Decree 30/2020/NĐ-CP, Appendix III): `<number>[/<year>]/<TYPE>-<ISSUER>`, e.g.
  "3162/QĐ-UBND", "145/2020/NĐ-CP", "34/2007/PL-UBTVQH11"; laws carry no type: "10/2022/QH15";
  official letters (công văn) carry no type either: "125/UBND-VP";
- Party documents (Guideline 36-HD/VPTW): `<number>-<TYPE>/<ISSUER>`, e.g. "21-KL/TW", "07-HD/BDVTU".

`parse(text)` finds every reference with its kind, type, number, year, symbol, issuing body and date
("Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng"). The type and issuer
tables are data: extend them without touching the patterns.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

STATE = "state"
PARTY = "party"

# Type codes -> Vietnamese type name (Decree 30/2020 Appendix III [U: verify]; Guideline 36-HD/VPTW).
TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "QĐi": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định",
    "PL": "Pháp lệnh",
    "KL": "Kết luận",
    "L": "Luật",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "GM": "Giấy mời",
    "CV": "Công văn",
    "QĐ-TTg": "Quyết định",
}

# Issuer codes -> issuing body (DOMAIN.md §9.1–9.2; [U] entries are common practice).
ISSUERS: dict[str, str] = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "VPCP": "Văn phòng Chính phủ",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "TU": "Tỉnh ủy / Thành ủy",
    "HU": "Huyện ủy",
    "ĐU": "Đảng ủy",
    "BDVTU": "Ban Dân vận Tỉnh ủy",
    "BDVTW": "Ban Dân vận Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "MTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "BCĐ": "Ban Chỉ đạo",
}

_ROMAN = {
    1: "I",
    2: "II",
    3: "III",
    4: "IV",
    5: "V",
    6: "VI",
    7: "VII",
    8: "VIII",
    9: "IX",
    10: "X",
    11: "XI",
    12: "XII",
    13: "XIII",
    14: "XIV",
    15: "XV",
    16: "XVI",
}

_U = "A-ZĐ"  # upper-case letters used in symbols
_L = "a-zđ"
# A type or issuer part: starts upper case, may mix in lower case (CTr, TTg, QyĐ) and digits (UBTVQH11).
_PART = rf"[{_U}][{_U}{_L}0-9]*"

_STATE_RE = re.compile(
    rf"(?<![\w/.-])(?P<number>\d{{1,5}})(?:/(?P<year>(?:19|20)\d\d))?/"
    rf"(?P<code>{_PART}(?:-{_PART})*)(?![\w/])"
)
_PARTY_RE = re.compile(
    rf"(?<![\w/.-])(?P<number>\d{{1,5}})-(?P<type>{_PART})/(?P<issuer>{_PART}(?:-{_PART})*)(?![\w/])"
)
_DATE_RE = re.compile(
    r"^[\s,]*(?:ban hành\s+)?ngày\s+(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_OF_RE = re.compile(r"^[\s,]*của\s+(?P<body>[^,;.()“”\"\n]{2,120})", re.IGNORECASE)
_OF_STOP = {
    "về",
    "thực",
    "quy",
    "nhằm",
    "trong",
    "đối",
    "theo",
    "tiếp",
    "tại",
    "và",
    "để",
    "với",
    "xác",
    "đã",
}
_LAW_ISSUER = re.compile(r"^(?P<org>QH|UBTVQH)(?P<term>\d{1,2})$")


@dataclass(frozen=True)
class DocRef:
    form: str  # STATE or PARTY
    doc_type: str  # type code ("QĐ", "KL"; "L" for laws, "CV" for official letters)
    type_name: str
    number: str
    year: int | None
    symbol: str  # as normalised: "3162/QĐ-UBND", "21-KL/TW"
    issuer: str  # issuer code part ("UBND", "TW", "UBTVQH11")
    issuer_name: str
    issued_on: dt.date | None
    text: str  # the matched span of the source, with the kind word and date
    start: int
    end: int

    @property
    def key(self) -> str:
        """Identity of a document: the same symbol is reused by other bodies in other years."""
        year = self.year or (self.issued_on.year if self.issued_on else "")
        return f"{self.symbol}|{year}"

    @property
    def title(self) -> str:
        return f"{self.type_name} số {self.symbol}"


def normalise(text: str) -> str:
    # "Ð" (U+00D0, Icelandic eth) is often typed for "Đ" (U+0110) in official symbols.
    return unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")


def _issuer_name(code: str) -> str:
    if code in ISSUERS:
        return ISSUERS[code]
    m = _LAW_ISSUER.match(code)
    if m:
        org = "Quốc hội" if m["org"] == "QH" else "Ủy ban Thường vụ Quốc hội"
        term = int(m["term"])
        return f"{org} khóa {_ROMAN.get(term, str(term))}"
    first = code.split("-")[0]
    return ISSUERS.get(first, "")


def _kind_word(before: str, type_name: str) -> str:
    """The kind word written before the number ("Quyết định số", "Pháp lệnh"), if it is there."""
    tail = before[-40:]
    m = re.search(r"([A-ZĐ][\wđ]*(?:\s+[\wđ]+)?)\s+(?:số\s*)?$", tail)
    if m and type_name and m.group(1).lower().startswith(type_name.split()[0].lower()):
        return m.group(0)
    return ""


def _date_after(after: str) -> tuple[dt.date | None, int]:
    m = _DATE_RE.match(after)
    if not m:
        return None, 0
    d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
    try:
        return dt.date(int(y), int(mo), int(d)), m.end()
    except ValueError:
        return None, 0


def _body_after(after: str) -> str:
    m = _OF_RE.match(after)
    if not m:
        return ""
    words: list[str] = []
    for word in m["body"].split():
        if word.lower() in _OF_STOP or len(words) >= 10:
            break
        words.append(word)
    return " ".join(words)


def parse(text: str) -> list[DocRef]:
    """Every document reference in `text`, in order of appearance."""
    text = normalise(text)
    found: list[DocRef] = []
    taken: list[tuple[int, int]] = []

    def add(ref: DocRef) -> None:
        if any(a < ref.end and ref.start < b for a, b in taken):
            return
        taken.append((ref.start, ref.end))
        found.append(ref)

    for m in _PARTY_RE.finditer(text):
        type_code, issuer = m["type"], m["issuer"]
        if type_code not in TYPES:
            continue
        add(_build(text, m, PARTY, type_code, issuer, None))
    for m in _STATE_RE.finditer(text):
        code = m["code"]
        year = int(m["year"]) if m["year"] else None
        parts = code.split("-")
        if parts[0] in TYPES and len(parts) >= 2:
            type_code, issuer = parts[0], "-".join(parts[1:])
        elif _LAW_ISSUER.match(code) and year:
            type_code, issuer = "L", code  # a law or ordinance without a type: 10/2022/QH15
        elif len(code) >= 2 and code.isupper() and not year:
            type_code, issuer = "CV", code  # official letter: 125/UBND-VP
        else:
            continue
        add(_build(text, m, STATE, type_code, issuer, year))
    found.sort(key=lambda r: r.start)
    return found


def _build(text: str, m: re.Match[str], form: str, type_code: str, issuer: str, year: int | None) -> DocRef:
    type_name = TYPES.get(type_code, "")
    symbol = m.group(0)
    before = text[: m.start()]
    kind_word = _kind_word(before, type_name)
    start = m.start() - len(kind_word)
    after = text[m.end() :]
    issued_on, used = _date_after(after)
    end = m.end() + used
    issuer_name = _body_after(text[end:]) or _issuer_name(issuer)
    if year is None and issued_on is not None:
        year = issued_on.year
    return DocRef(
        form=form,
        doc_type=type_code,
        type_name=type_name,
        number=m["number"],
        year=year,
        symbol=symbol,
        issuer=issuer,
        issuer_name=issuer_name,
        issued_on=issued_on,
        text=text[start:end].strip(),
        start=start,
        end=end,
    )


def parse_one(text: str) -> DocRef | None:
    refs = parse(text)
    return refs[0] if refs else None

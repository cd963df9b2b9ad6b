"""Names sort in Vietnamese order (issue #16 item 9): Đ after D, Ô and Ơ after O, Ư after U."""

from __future__ import annotations

from danchu.core.text import vi_sort_key


def test_letters_with_marks_follow_their_base_letter_not_z() -> None:
    names = ["Zô", "Ô Môn", "Đà Nẵng", "Phú", "Duy Xuyên", "Ong", "Ưng Hòa", "Uông Bí", "Ơn", "An Giang"]
    assert sorted(names, key=vi_sort_key) == [
        "An Giang",
        "Duy Xuyên",
        "Đà Nẵng",
        "Ong",
        "Ô Môn",
        "Ơn",
        "Phú",
        "Uông Bí",
        "Ưng Hòa",
        "Zô",
    ]


def test_a_breve_and_circumflex_follow_a() -> None:
    assert sorted(["Ân", "Ăn", "Anh", "Bắc"], key=vi_sort_key) == ["Anh", "Ăn", "Ân", "Bắc"]


def test_tones_only_break_ties_and_case_does_not_matter() -> None:
    assert sorted(["cá", "Cà", "ca", "cạ", "CẢ", "cã"], key=vi_sort_key) == [
        "ca",
        "Cà",
        "CẢ",
        "cã",
        "cá",
        "cạ",
    ]
    assert sorted(["Bà", "Ba Vì"], key=vi_sort_key) == ["Bà", "Ba Vì"]


def test_composed_and_decomposed_forms_sort_alike() -> None:
    import unicodedata

    name = "Đỗ Thị Ơn"
    assert vi_sort_key(unicodedata.normalize("NFD", name)) == vi_sort_key(name)


def test_numbers_sort_by_their_value_before_letters() -> None:
    names = ["Thôn 10", "Thôn 2", "Thôn 1", "Tổ dân phố 3", "Thôn Đông", "Thôn 02A", "Thôn 100", "Thôn An"]
    assert sorted(names, key=vi_sort_key) == [
        "Thôn 1",
        "Thôn 2",
        "Thôn 02A",
        "Thôn 10",
        "Thôn 100",
        "Thôn An",
        "Thôn Đông",
        "Tổ dân phố 3",
    ]
    assert vi_sort_key("Thôn 9") < vi_sort_key("Thôn 12") < vi_sort_key("Thôn 9999999999")

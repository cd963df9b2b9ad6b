"""Issue #16 (the crawl's findings on cases): a case's page names the rule it applies by its legal
basis, not by its key ("(feedback-2013)"), and the import page sets the column names in <code>, so
the visible Vietnamese text holds no raw code. Read with the crawl's own text extraction."""

from __future__ import annotations

from typing import Any

from danchu.front.tests.test_crawl import findings_in


def _visible(client: Any, url: str) -> tuple[str, list[str]]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200, url
    html = response.content.decode()
    return html, findings_in(html)[0]


def test_a_case_page_names_its_rule_by_legal_basis(file_case: Any, officer: Any, client_as: Any) -> None:
    case = file_case()
    html, found = _visible(client_as(officer), f"/cases/office/{case.tracking_code}/")
    assert case.rule_key not in html
    assert case.rules.basis in html
    assert not found, found


def test_the_import_page_sets_column_names_in_code(officer: Any, client_as: Any) -> None:
    html, found = _visible(client_as(officer), "/cases/office/import/")
    assert "<code>place_code</code>" in html and "<code>first_decision_on</code>" in html
    assert not found, found

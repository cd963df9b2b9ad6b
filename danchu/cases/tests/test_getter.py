"""One way in to a case (issue #8): every entry point looks cases up through `case_for`, and a lookup
by tracking code carries one miss limit, keyed by the client's address behind trusted proxies."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client

from danchu.cases.models import Case

APP = Path(__file__).resolve().parent.parent
ENTRY_POINTS = [
    *sorted((APP / "views").glob("*.py")),
    *sorted((APP / "api").glob("*.py")),
    APP / "open311.py",
    *sorted((APP / "management" / "commands").glob("*.py")),
]
# A lookup scoped by a case obtained through case_for (case.photos, case.replies) is allowed.
SCOPED_BY_CASE = {"case", "followed"}


def _root(node: ast.AST) -> str:
    """The name a chain like `Case.objects.select_related(...)` or `readable_cases(p)` starts from."""
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else ""


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "get_object_or_404":
            found.append(f"{path.name}:{node.lineno} get_object_or_404")
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            if isinstance(node.value, ast.Name) and node.value.id == "Case":
                found.append(f"{path.name}:{node.lineno} Case.objects")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr == "get" and isinstance(func.value, ast.Attribute) and func.value.attr == "objects":
                found.append(f"{path.name}:{node.lineno} objects.get(")
            keywords = {k.arg for k in node.keywords}
            if func.attr == "filter" and keywords & {"pk", "tracking_code", "open311_token"}:
                root = _root(func.value)
                if "case" in root.lower() and root not in SCOPED_BY_CASE:
                    found.append(f"{path.name}:{node.lineno} {root}….filter({', '.join(sorted(keywords))})")
    return found


def test_entry_points_reach_cases_only_through_the_getter() -> None:
    assert len(ENTRY_POINTS) >= 8
    offences = [o for path in ENTRY_POINTS for o in _offences(path)]
    assert not offences, "Look cases up with case_for(...):\n" + "\n".join(offences)


def test_the_rule_catches_a_direct_lookup(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def v(request, code):\n"
        "    a = Case.objects.filter(tracking_code=code).first()\n"
        "    b = get_object_or_404(Reply, pk=1)\n"
        "    c = Reply.objects.get(pk=2)\n"
        "    d = readable_cases(request.user).filter(pk=3)\n"
        "    e = case.photos.filter(pk=4)\n"
    )
    assert len(_offences(bad)) == 5


def test_misses_on_the_page_the_api_and_open311_share_one_limit(client: Client, settings, file_case) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 6
    real = file_case()
    misses = [
        "/cases/track/PA-ZZZZZ2/",
        "/api/v1/cases/track/PA-ZZZZZ3",
        "/open311/v2/requests/PA-ZZZZZ4.json",
        "/cases/track/PA-ZZZZZ5/reply.docx",
        "/open311/v2/tokens/00000000-0000-0000-0000-000000000000.json",
        "/open311/v2/requests.json?service_request_id=PA-ZZZZZ6",
    ]
    for url in misses:
        assert client.get(url).status_code in (404, 200), url  # the list answers 200 with no rows
    # Past the limit every entry point refuses, even with a right code.
    assert client.get(f"/cases/track/{real.tracking_code}/").status_code == 429
    assert client.get(f"/api/v1/cases/track/{real.tracking_code}").status_code == 429
    assert client.get(f"/open311/v2/requests/{real.tracking_code}.json").status_code == 429
    rate = client.post(
        f"/api/v1/cases/track/{real.tracking_code}/rate", {"satisfaction": 5}, "application/json"
    )
    assert rate.status_code == 429


def test_rating_by_a_wrong_code_counts_as_a_miss(client: Client, settings) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 2
    for i in range(2):
        assert client.post(f"/cases/track/PA-ZZZZZ{i + 2}/rate/", {"satisfaction": 5}).status_code == 404
    assert client.get("/cases/track/PA-ZZZZZ9/").status_code == 429


def test_the_limit_is_per_client_behind_a_trusted_proxy(client: Client, settings) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(2):
        client.get(f"/cases/track/PA-ZZZZZ{i + 2}/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert (
        client.get("/cases/track/PA-ZZZZZ8/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    )
    # Another resident behind the same proxy is not punished for it...
    assert (
        client.get("/cases/track/PA-ZZZZZ8/", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 404
    )
    # ...and a client cannot choose its address by sending the header without the proxy.
    spoof = client.get(
        "/cases/track/PA-ZZZZZ8/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="203.0.113.7"
    )
    assert spoof.status_code == 429


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/track/%00",
        "/api/v1/cases/track/PA-%00AAAA",
        "/cases/track/%00/",
        "/open311/v2/requests/PA-AAAA%00.json",
    ],
)
def test_nul_bytes_in_a_tracking_code_are_a_clean_404_or_400(client: Client, url: str) -> None:
    assert client.get(url).status_code in (400, 404)
    assert not Case.objects.exists()


def test_a_tracking_code_too_long_is_a_400_that_says_why_at_the_field(client: Client) -> None:
    """The look-up form answered 400 with no word of what was wrong (and its field pointed screen readers
    at an error that was not on the page)."""
    page = client.get("/cases/track/", {"code": "9" * 30}, HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_code_error"' in html and "16" in html  # "Đảm bảo giá trị này có nhiều nhất 16 ký tự"
    assert 'aria-describedby="id_code_error"' in html

"""Demo disclosures: every demo commune publishes in several categories over the last 14 months, with
a PDF attachment, posters and audio; the three seed reports are published at province level so the
search finds them ("dan chu co so", "krong pac")."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from danchu.places.models import Place

from . import services, tasks
from .models import Disclosure, DisclosureVersion, Obligation, Proof, SearchEntry

log = logging.getLogger(__name__)
SEEDS = Path(__file__).resolve().parent / "seeds"  # copies kept in the repository (README there)

QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _pdf(title: str, rows: list[tuple[str, str]]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<tr><td>{a}</td><td style='text-align:right'>{b}</td></tr>" for a, b in rows)
    html = (
        f"<html><body style='font-family:\"Liberation Serif\";font-size:13pt'><h1 style='font-size:16pt'>{title}</h1>"
        f"<table border='1' cellspacing='0' cellpadding='4'>{body}</table></body></html>"
    )
    return HTML(string=html).write_pdf()


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 200), (235, 230, 210))
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, 300, 180], outline=(120, 60, 20), width=6)
    for y in range(50, 170, 20):
        draw.line([40, y, 280, y], fill=(60, 60, 60), width=3)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def _backdate(d: Disclosure, when: dt.datetime, today: dt.date) -> None:
    day = timezone.localtime(when).date()
    end = day + dt.timedelta(days=(d.posting_days or 30) - 1)
    status = Disclosure.Status.ENDED if end < today else d.status
    Disclosure.objects.filter(pk=d.pk).update(
        published_at=when,
        publish_at=when,
        posting_start=day,
        posting_end=end,
        created_at=when - dt.timedelta(days=1),
        status=status,
        ended_at=timezone.now() if status == Disclosure.Status.ENDED else None,
        view_count=(d.pk * 37) % 400 + 12,
    )
    DisclosureVersion.objects.filter(disclosure=d).update(created_at=when)
    SearchEntry.objects.filter(kind="disclosure", object_id=d.pk).update(date=day)
    Obligation.objects.filter(met_by=d).update(met_on=day)


def _plan(commune: Place, today: dt.date) -> list[dict[str, Any]]:
    """About twelve items from 14 months ago to now."""
    name = commune.name
    items: list[dict[str, Any]] = []
    year = today.year
    for back in range(5, 0, -1):  # the last five finished quarters
        q = (today.month - 1) // 3 + 1 - back
        y = year
        while q <= 0:
            q += 4
            y -= 1
        end_month = 3 * q
        published = dt.date(y, end_month, 28) + dt.timedelta(days=10)
        items.append(
            {
                "category": "budget_execution",
                "when": published,
                "period_key": f"{y}-Q{q}",
                "title": f"Công khai tình hình thực hiện dự toán ngân sách quý {QUARTER_NAMES[q]} năm {y}",
                "summary": f"{name} công khai số liệu thu, chi ngân sách xã quý {QUARTER_NAMES[q]} năm {y}: "
                f"thu đạt {1100 + 35 * q} triệu đồng, chi {980 + 30 * q} triệu đồng.",
                "body": (
                    "Căn cứ Luật số 10/2022/QH15 và Thông tư số 343/2016/TT-BTC, Ủy ban nhân dân xã công khai:\n\n"
                    "| Nội dung | Dự toán | Thực hiện |\n|---|---:|---:|\n"
                    f"| Thu ngân sách | 4.800 | {1100 + 35 * q} |\n| Chi ngân sách | 4.600 | {980 + 30 * q} |\n\n"
                    "Đơn vị tính: triệu đồng."
                ),
                "pdf": True,
            }
        )
    items += [
        {
            "category": "budget_estimate",
            "when": dt.date(year - 1, 12, 30) if today.month > 1 else dt.date(year - 2, 12, 30),
            "title": f"Công khai dự toán ngân sách xã năm {year}",
            "summary": f"Dự toán thu ngân sách năm {year} là 4.800 triệu đồng, chi 4.600 triệu đồng, đã được "
            "Hội đồng nhân dân xã quyết định.",
            "body": "Nghị quyết của Hội đồng nhân dân xã về dự toán ngân sách được niêm yết tại trụ sở.",
            "pdf": True,
        },
        {
            "category": "final_accounts",
            "when": today - dt.timedelta(days=150),
            "title": f"Công khai quyết toán ngân sách xã năm {year - 1}",
            "summary": "Quyết toán thu, chi ngân sách năm trước đã được Hội đồng nhân dân xã phê chuẩn.",
        },
        {
            "category": "investment_projects",
            "when": today - dt.timedelta(days=400),
            "title": "Dự án bê tông hóa đường liên thôn: tổng mức đầu tư và tiến độ",
            "summary": "Tổng mức đầu tư 2,4 tỷ đồng, trong đó nhân dân đóng góp 350 triệu đồng và 1.200 ngày công; "
            "khởi công tháng 3, dự kiến hoàn thành tháng 10.",
            "body": "Ban giám sát đầu tư của cộng đồng theo dõi tiến độ. Theo Nghị định số 59/2023/NĐ-CP.",
        },
        {
            "category": "beneficiaries",
            "when": today - dt.timedelta(days=60),
            "title": f"Danh sách hộ nghèo, hộ cận nghèo năm {year}",
            "summary": "Danh sách 42 hộ nghèo và 57 hộ cận nghèo được hỗ trợ thẻ bảo hiểm y tế và vay vốn ưu đãi. "
            "Người dân có ý kiến xin gửi về Ủy ban nhân dân xã.",
            "pdf": True,
        },
        {
            "category": "fees_and_charges",
            "when": today - dt.timedelta(days=20),
            "title": "Mức thu quỹ phòng, chống thiên tai và các khoản đóng góp tự nguyện",
            "summary": "Mức đóng góp quỹ phòng, chống thiên tai năm nay; các khoản đóng góp khác là tự nguyện.",
        },
        {
            "category": "administrative_procedures",
            "when": today - dt.timedelta(days=3),
            "title": "Lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã",
            "summary": "Chủ tịch Ủy ban nhân dân xã tiếp công dân vào thứ Năm hằng tuần tại trụ sở.",
            "body": "Theo Luật Tiếp công dân số 42/2013/QH13.",
        },
        {
            "category": "land_and_planning",
            "when": today - dt.timedelta(days=1),
            "title": "Quy hoạch khu dân cư nông thôn thôn 3: lấy ý kiến nhân dân",
            "summary": "Bản vẽ quy hoạch được niêm yết tại nhà văn hóa thôn 3 trong 30 ngày.",
        },
    ]
    return items


def _seed_reports() -> list[tuple[str, str]]:
    out = []
    for path in sorted(SEEDS.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines() if line.strip() and "No title" not in line]
        title = next((line for line in lines if len(line) > 20), path.stem)[:300]
        out.append((title, text))
    return out


def build_demo(ctx: dict[str, Any]) -> None:
    communes: list[Place] = ctx["communes"]
    if Disclosure.objects.filter(place__in=communes).exists():
        return
    people = ctx["people"]
    admin = people.get("admin")
    officer = people.get("commune_officer")
    today = timezone.localdate()
    photo = _photo()
    quick: list[int] = []
    with override_settings(DISCLOSURE_MEDIA_JOBS=False):
        for i, commune in enumerate(communes):
            actor = officer if i == 0 and officer is not None else admin
            pdf = _pdf(
                f"Biểu số liệu công khai — {commune.name}",
                [
                    ("Thu ngân sách (triệu đồng)", "4.800"),
                    ("Chi ngân sách (triệu đồng)", "4.600"),
                    ("Hộ nghèo", "42"),
                    ("Hộ cận nghèo", "57"),
                ],
            )
            for year in (today.year - 1, today.year):
                services.obligations_refresh(place=commune, year=year)
            villages = ctx["villages"].get(commune.code, [])
            for item in _plan(commune, today):
                if i == 2 and item.get("period_key", "").endswith("Q1"):
                    continue  # the third commune missed a quarter: it shows as overdue
                with transaction.atomic():
                    d = services.disclosure_create(
                        actor=actor,
                        place=commune,
                        draft=services.Draft(
                            category=item["category"],
                            title=item["title"],
                            summary=item["summary"],
                            body=item.get("body", ""),
                            villages=villages[:1] if item["category"] == "beneficiaries" and villages else (),
                        ),
                    )
                    if item.get("pdf"):
                        services.attachment_add(
                            actor=actor,
                            disclosure=d,
                            file=io.BytesIO(pdf),
                            name="bieu-so-lieu.pdf",
                            size=len(pdf),
                        )
                    services.disclosure_publish(
                        actor=actor, disclosure=d, period_key=item.get("period_key", "")
                    )
                    when = timezone.make_aware(dt.datetime.combine(item["when"], dt.time(9, 30)))
                    if item["when"] < today:
                        d.refresh_from_db()
                        _backdate(d, when, today)
                if item["when"] >= today - dt.timedelta(days=3):
                    quick.append(d.pk)
                    if villages:
                        services.proof_add(
                            actor=actor,
                            disclosure=d,
                            proof=services.ProofIn(
                                kind=Proof.Kind.NOTICE_BOARD,
                                place=villages[0],
                                at=timezone.now(),
                                location="Nhà văn hóa thôn",
                                photo=services.Upload(io.BytesIO(photo), "bang-tin.jpg", len(photo)),
                            ),
                        )
                    services.proof_add(
                        actor=actor,
                        disclosure=d,
                        proof=services.ProofIn(
                            kind=Proof.Kind.LOUDSPEAKER,
                            place=commune,
                            at=timezone.now(),
                            note="Phát lúc 6 giờ sáng",
                        ),
                    )
        # The seed reports, at province level, so that search finds real text.
        province = ctx.get("province")
        if province is not None and admin is not None:
            for title, text in _seed_reports():
                d = services.disclosure_create(
                    actor=admin,
                    place=province,
                    draft=services.Draft(
                        category="other",
                        title=title,
                        summary=title,
                        body=text,
                        issuing_unit="Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở",
                    ),
                )
                services.disclosure_publish(actor=admin, disclosure=d)
    _questions_and_follows(ctx, communes[0])
    _media(quick)


def _questions_and_follows(ctx: dict[str, Any], commune: Place) -> None:
    citizen = ctx["people"].get("citizen")
    officer = ctx["people"].get("commune_officer")
    if citizen is None or officer is None:
        return
    services.follow(person=citizen, place=commune)
    d = (
        Disclosure.objects.filter(place=commune, status=Disclosure.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if d is None:
        return
    q = services.question_ask(
        actor=citizen, disclosure=d, text="Xin hỏi xã sẽ niêm yết bản vẽ ở đâu để bà con xem?"
    )
    services.question_answer(
        actor=officer,
        question=q,
        answer="Bản vẽ được niêm yết tại nhà văn hóa thôn 3 và trụ sở Ủy ban nhân dân xã.",
    )
    services.question_ask(actor=citizen, disclosure=d, text="Thời gian góp ý kéo dài đến ngày nào ạ?")


def _media(quick: list[int]) -> None:
    """Make the newest items' poster and audio now (a few seconds); queue the others for the job consumer."""
    from huey.contrib.djhuey import HUEY

    for pk in quick[:3]:
        for job in (tasks.make_audio, tasks.make_poster):
            try:
                job.call_local(pk)
            except Exception:
                log.warning("demo: %s for disclosure %s failed (shown in the back office)", job.name, pk)
    if not HUEY.immediate:
        for pk in Disclosure.objects.filter(audio_status="pending").values_list("pk", flat=True):
            tasks.make_audio(pk)
            tasks.make_poster(pk)

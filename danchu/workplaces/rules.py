"""Default rules for agencies' and enterprises' conferences and workplace dialogue."""

from __future__ import annotations

OFFICIALS_CONTENTS = [
    {
        "key": "review",
        "label": "Kiểm điểm việc thực hiện nghị quyết hội nghị năm trước, chủ trương, chính sách và quy chế dân chủ",
    },
    {"key": "accountability", "label": "Báo cáo, giải trình của người đứng đầu cơ quan, đơn vị"},
    {"key": "plan", "label": "Thảo luận, góp ý kế hoạch công tác năm tới"},
    {"key": "questions", "label": "Đối thoại, trả lời kiến nghị của cán bộ, công chức, viên chức"},
    {"key": "spending", "label": "Thông qua quy chế chi tiêu nội bộ"},
    {"key": "emulation", "label": "Phát động thi đua, ký giao ước thi đua với tổ chức công đoàn"},
    {"key": "pib", "label": "Báo cáo hoạt động và bầu Ban Thanh tra nhân dân"},
    {"key": "awards", "label": "Khen thưởng tập thể, cá nhân"},
]
WORKERS_CONTENTS = [
    {"key": "results", "label": "Báo cáo tình hình sản xuất, kinh doanh"},
    {"key": "entitlements", "label": "Việc thực hiện chế độ, chính sách đối với người lao động"},
    {"key": "funds", "label": "Trích lập, sử dụng quỹ khen thưởng, phúc lợi"},
    {"key": "bargaining", "label": "Việc thực hiện thỏa ước lao động tập thể, nội quy lao động"},
    {"key": "dialogue", "label": "Kết quả đối thoại tại nơi làm việc"},
    {
        "key": "pib",
        "label": "Báo cáo hoạt động và bầu Ban Thanh tra nhân dân (doanh nghiệp nhà nước)",
        "ownership": ["state"],
    },
]


def ensure_defaults() -> None:
    """The rules of DOMAIN.md §7 and §13 as data, created the first time they are needed (then
    edited in the admin; a new decree is a new row with its validity dates)."""
    from .models import ConferenceRule, DialogueRule
    from .models import EmployeeSideTier as Tier

    if ConferenceRule.objects.exists():
        return
    ConferenceRule.objects.create(
        kind="officials",
        quorum_num=2,
        quorum_den=3,
        pass_percent=50,
        pass_base="present",
        all_staff_up_to=200,
        due_month=12,
        due_day=31,
        contents=OFFICIALS_CONTENTS,
        article="Luật Thực hiện dân chủ ở cơ sở 2022, Chương III; Nghị định 59/2023/NĐ-CP",
    )
    ConferenceRule.objects.create(
        kind="workers",
        quorum_num=2,
        quorum_den=3,
        pass_percent=50,
        pass_base="convened",
        due_month=12,
        due_day=31,
        contents=WORKERS_CONTENTS,
        article="Nghị định 145/2020/NĐ-CP; Luật Thực hiện dân chủ ở cơ sở 2022, Chương IV",
    )
    DialogueRule.objects.create(
        per_year=1,
        employer_side_min=3,
        article="Bộ luật Lao động 2019, Điều 63; Nghị định 145/2020/NĐ-CP, Điều 38",
    )
    if Tier.objects.exists():
        return
    for low, high, members in ((0, 49, 3), (50, 149, 4), (150, 299, 5), (300, 999, 7), (1000, None, 9)):
        Tier.objects.create(employees_from=low, employees_to=high, members_min=members)

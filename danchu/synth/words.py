"""Vietnamese vocabulary for synthetic records: names, places, case and disclosure texts."""

from __future__ import annotations

import datetime as dt
import random

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "H'", "Y", "Ksor", "Niê")  # fmt: skip
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Kim")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Lan", "Linh", "Long",
         "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Blơng")  # fmt: skip
PLACE = ("Hòa Bình", "Tân Lập", "Phú Thọ", "Đông Hưng", "An Khánh", "Ea Kly", "Krông Búk", "Vĩnh Phúc",
         "Thạnh Mỹ", "Quảng Điền", "Cư Mgar", "Mường Chà", "Bình Minh", "Tam Nông", "Hưng Đạo", "Long Hồ")  # fmt: skip
CASE = (
    ("Đường liên thôn bị sụt lún", "Đoạn đường bê tông từ đầu thôn vào trường học bị sụt lún sau mưa lớn, xe máy đi lại khó khăn."),
    ("Đèn đường không sáng", "Ba cột đèn chiếu sáng dọc kênh không sáng đã hơn hai tuần, buổi tối đi lại nguy hiểm."),
    ("Rác thải không được thu gom", "Điểm tập kết rác cạnh chợ không được thu gom đúng lịch, bốc mùi ảnh hưởng các hộ xung quanh."),
    ("Kiến nghị nạo vét kênh mương", "Kênh tưới tiêu nội đồng bị bồi lấp, nước không về kịp cho vụ lúa Đông Xuân."),
    ("Đề nghị xem xét mức hỗ trợ", "Gia đình thuộc hộ cận nghèo nhưng chưa được xét hỗ trợ tiền điện theo quy định."),
    ("Khiếu nại về việc thu hồi đất", "Không đồng ý với mức bồi thường khi thu hồi 320 m² đất nông nghiệp để làm đường."),
    ("Tiếng ồn từ xưởng gỗ", "Xưởng cưa gỗ hoạt động đến khuya, gây tiếng ồn và bụi cho các hộ dân lân cận."),
)  # fmt: skip
AGENDA = ("Mức đóng góp xây dựng nhà văn hóa thôn", "Hương ước, quy ước của thôn (sửa đổi)",
          "Bầu trưởng thôn nhiệm kỳ mới", "Kế hoạch làm đường giao thông nông thôn",
          "Thành lập tổ an ninh trật tự cơ sở")  # fmt: skip
COMMENTS = ("Đề nghị công khai rõ từng khoản thu chi.", "Nhất trí với dự thảo.", "Mức đóng góp cao so với thu nhập của bà con.",
            "Cần ưu tiên hộ nghèo, hộ chính sách.", "Đề nghị làm rõ thời gian thực hiện.",
            "Đề nghị bổ sung nội dung về vệ sinh môi trường.")  # fmt: skip
WORKS = {"road": "Bê tông hóa đường thôn", "culvert": "Xây dựng cống thoát nước", "canal": "Kiên cố hóa kênh mương nội đồng",
         "lighting": "Lắp đặt đèn chiếu sáng đường thôn", "hall": "Sửa chữa nhà văn hóa thôn", "water": "Giếng nước sạch tập trung"}  # fmt: skip


def family_name(rng: random.Random) -> str:
    return rng.choice(FAMILY)


def person_name(rng: random.Random, family: str) -> str:
    return f"{family} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def place_name(rng: random.Random) -> str:
    return rng.choice(PLACE)


def case_text(rng: random.Random) -> tuple[str, str]:
    return rng.choice(CASE)


def disclosure_text(rng: random.Random, category: str, day: dt.date) -> tuple[str, str, str]:
    quarter = (day.month - 1) // 3 + 1
    amount = rng.randint(800, 9_500)
    title = f"Công khai {category.replace('_', ' ')} quý {quarter} năm {day.year}"
    summary = f"Tổng thu ngân sách xã đạt {amount:,} triệu đồng.".replace(",", ".")
    body = (
        f"Căn cứ Luật Thực hiện dân chủ ở cơ sở năm 2022, Ủy ban nhân dân xã công khai số liệu quý {quarter}.\n\n"
        f"Tổng thu: {amount:,} triệu đồng; tổng chi: {int(amount * rng.uniform(0.7, 0.98)):,} triệu đồng.".replace(
            ",", "."
        )
    )
    return title, summary, body


def consultation_title(rng: random.Random, day: dt.date) -> str:
    return f"Lấy ý kiến Nhân dân về {rng.choice(AGENDA).lower()} năm {day.year}"


def comment(rng: random.Random) -> str:
    return rng.choice(COMMENTS)


def agenda_title(rng: random.Random) -> str:
    return rng.choice(AGENDA)


def work_title(rng: random.Random, kind: str) -> str:
    return f"{WORKS[kind]} {rng.choice(PLACE)}"

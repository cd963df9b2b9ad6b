from django.db import migrations

# The default list of fields (lĩnh vực); administrators edit it in /admin/cases/field/.
FIELDS = [
    ("dat-dai", "Đất đai", "Tranh chấp, lấn chiếm, cấp giấy chứng nhận quyền sử dụng đất", "đất, lấn chiếm, sổ đỏ", "Đất đai, xây dựng", 10),
    ("xay-dung", "Xây dựng, trật tự đô thị", "Xây dựng không phép, lấn chiếm vỉa hè", "xây dựng, vỉa hè", "Đất đai, xây dựng", 20),
    ("moi-truong", "Môi trường", "Rác thải, ô nhiễm, nước thải, tiếng ồn", "rác, ô nhiễm, nước thải", "Môi trường", 30),
    ("ha-tang", "Hạ tầng, giao thông", "Đường hỏng, đèn chiếu sáng, cống rãnh", "đường, ổ gà, đèn, cống", "Hạ tầng", 40),
    ("chinh-sach-xa-hoi", "Chính sách xã hội", "Hộ nghèo, trợ cấp, bảo hiểm, người có công", "trợ cấp, hộ nghèo", "Xã hội", 50),
    ("y-te-giao-duc", "Y tế, giáo dục", "Trạm y tế, trường học", "y tế, trường học", "Xã hội", 60),
    ("an-ninh-trat-tu", "An ninh, trật tự", "Trật tự công cộng, an toàn", "an ninh, trật tự", "An ninh", 70),
    ("can-bo", "Tác phong, thái độ cán bộ", "Thái độ, trách nhiệm của cán bộ, công chức", "cán bộ, thái độ", "Cán bộ", 80),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Hồ sơ, thời hạn giải quyết thủ tục", "thủ tục, hồ sơ", "Hành chính", 90),
    ("khac", "Lĩnh vực khác", "", "", "Khác", 200),
]


def add(apps, schema_editor):
    Field = apps.get_model("cases", "Field")
    for code, name, description, keywords, group, order in FIELDS:
        Field.objects.get_or_create(code=code, defaults=dict(name=name, description=description, keywords=keywords,
                                                             group=group, order=order))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

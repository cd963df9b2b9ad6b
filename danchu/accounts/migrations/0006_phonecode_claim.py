from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_unit_inspection_member"),
    ]

    operations = [
        migrations.AlterField(
            model_name="phonecode",
            name="purpose",
            field=models.CharField(
                choices=[("verify", "phone verification"), ("reset", "password reset"), ("claim", "account claim")],
                max_length=8,
            ),
        ),
    ]

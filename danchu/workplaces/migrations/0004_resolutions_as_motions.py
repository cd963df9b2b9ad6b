"""The typed resolution counts become meetings' motions of the conference's electorate: each row a
closed motion carrying its counts as the room's show of hands, the roll and majority of its
conference's rule, and the outcome it had (so nothing is lost and no result changes). Then the
Resolution table goes. Backwards: the motions of conferences become Resolution rows again."""

from decimal import Decimal

from django.db import migrations

ELECTORATE = "workplaces.conference"  # workplaces/elections.py


def _majority(conference):
    rule = conference.rule
    present = conference.delegates_present or 0
    base = present if rule.pass_base == "present" else conference.delegates_convened
    return base, Decimal(rule.pass_percent), rule.article[:255]


def forwards(apps, schema_editor):
    Resolution = apps.get_model("workplaces", "Resolution")
    Motion = apps.get_model("meetings", "Motion")
    for r in Resolution.objects.select_related("conference__rule").order_by("pk").iterator():
        c = r.conference
        base, percent, basis = _majority(c)
        Motion.objects.create(
            electorate=ELECTORATE,
            electorate_ref=c.pk,
            title=r.title,
            status="closed",
            roll=c.delegates_present or 0,
            majority_base=base,
            majority_percent=percent,
            majority_basis=basis,
            room_for=r.votes_for,
            room_against=r.votes_against,
            room_abstain=r.votes_abstain,
            passed=r.passed,
        )


def backwards(apps, schema_editor):
    Resolution = apps.get_model("workplaces", "Resolution")
    Conference = apps.get_model("workplaces", "Conference")
    Motion = apps.get_model("meetings", "Motion")
    MotionVote = apps.get_model("meetings", "MotionVote")
    known = set(Conference.objects.values_list("pk", flat=True))
    for m in Motion.objects.filter(electorate=ELECTORATE, status="closed").order_by("pk"):
        if m.electorate_ref not in known:
            continue
        online = {c: MotionVote.objects.filter(motion=m, choice=c).count() for c in ("for", "against", "abstain")}
        Resolution.objects.create(
            conference_id=m.electorate_ref,
            title=m.title,
            votes_for=m.room_for + online["for"],
            votes_against=m.room_against + online["against"],
            votes_abstain=m.room_abstain + online["abstain"],
            passed=bool(m.passed),
        )
    Motion.objects.filter(electorate=ELECTORATE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_motions"),
        ("workplaces", "0003_conference_delegates"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Resolution"),
    ]

"""The steering committees' records, new-rural assessments and recognitions, and the one-stop desks'
figures for `danchu synth` (generate.py fills the places and the other modules first).

The shapes follow what the modules' own services keep: a committee (a body of kind steering
committee) for every province and commune, its yearly programme, quarterly briefings with the tasks
they assign, a province's yearly inspection of some of its communes with a recommendation; each
commune's new-rural assessment per year against the criteria set in force (data from the newrural
migrations) and its recognitions; each commune's one-stop desk with its figures per quarter, their
parts within their wholes (the table's check constraints) and the online services in the terms of the
period (levels 3 and 4 before 1 August 2022, full and partial after).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from danchu.accounts.models import Body
from danchu.adminreform.models import Centre, Figure
from danchu.newrural.models import Assessment, Recognition, RuralLevel
from danchu.newrural.queries import criteria_ids, set_in_force
from danchu.places.models import Place, PlaceKind
from danchu.steering.models import (
    Briefing,
    InspectedUnit,
    Inspection,
    Programme,
    Recommendation,
    SteeringCommittee,
    Task,
)

from . import words

if TYPE_CHECKING:
    from .generate import Ctx

TASKS = ("Rà soát việc công khai thu chi ngân sách xã", "Đôn đốc tổ chức hội nghị thôn đúng quy định",
         "Tổng hợp kiến nghị của Nhân dân qua Mặt trận", "Kiểm tra việc lấy ý kiến dự thảo quy hoạch",
         "Báo cáo kết quả thực hiện dân chủ ở cơ sở 6 tháng")  # fmt: skip
# The day the online services' terms changed (Decree 42/2022/NĐ-CP; the setting ONLINE_SERVICE_TERMS_FROM).
NEW_TERMS = dt.date(2022, 8, 1)


def fill(ctx: Ctx) -> None:
    _steering(ctx)
    _new_rural(ctx)
    _one_stop(ctx)


def _parent(place: Place) -> Place:
    parent = place.parent
    assert parent is not None  # a commune's province, a province's country
    return parent


def _year(ctx: Ctx, back: int) -> int:
    return ctx.today.year - 1 - back


def _steering(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    provinces = list({c.parent_id: _parent(c) for c in ctx.communes}.values())
    bodies, committees, programmes, briefings, tasks = [], [], [], [], []
    inspections, inspected, recommendations = [], [], []
    for place in [*provinces, *ctx.communes]:
        body = Body(pk=w.next_pk(Body), kind=Body.Kind.STEERING_COMMITTEE, place=place,
                    name=f"Ban Chỉ đạo thực hiện dân chủ ở cơ sở {place.name}")  # fmt: skip
        bodies.append(body)
        province = place.parent_id == ctx.country.pk
        committee = SteeringCommittee(
            pk=w.next_pk(SteeringCommittee),
            body=body,
            standing_body="Ban Dân vận Tỉnh ủy" if province else f"Đảng ủy {place.name}",
            head_name=words.person_name(rng, words.family_name(rng)),
            decision_ref=f"{rng.randint(10, 999)}-QĐ/{'TU' if province else 'ĐU'}",
            established_on=dt.date(_year(ctx, ctx.years - 1), 1, rng.randint(5, 28)),
        )
        committees.append(committee)
        for back in range(ctx.years):
            year = _year(ctx, back)
            programmes.append(Programme(pk=w.next_pk(Programme), committee=committee, year=year,
                                        title=f"Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm {year}",
                                        reference=f"{rng.randint(10, 199)}/KH-BCĐ", key_tasks=rng.randint(4, 9),
                                        specific_tasks=rng.randint(20, 90), start_on=dt.date(year, 1, 1),
                                        end_on=dt.date(year, 12, 31), status=Programme.Status.DONE,
                                        done_on=dt.date(year, 12, 31)))  # fmt: skip
            for quarter in range(4):
                held = dt.date(year, 3 * quarter + 3, rng.randint(10, 28))
                briefing = Briefing(pk=w.next_pk(Briefing), committee=committee, held_on=held,
                                    chaired_by=committee.head_name,
                                    conclusions=f"Giao ban quý {quarter + 1}/{year}: thống nhất các nhiệm vụ trọng tâm.")  # fmt: skip
                briefings.append(briefing)
                for title in rng.sample(TASKS, 2):
                    deadline = held + dt.timedelta(days=rng.randint(15, 60))
                    late = rng.random() < 0.15
                    tasks.append(Task(pk=w.next_pk(Task), committee=committee, briefing=briefing, title=title,
                                      owner_name=committee.standing_body, deadline=deadline, state=Task.State.DONE,
                                      result="Đã hoàn thành, có báo cáo kết quả.",
                                      done_on=deadline + dt.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 10))))  # fmt: skip
            if province:
                day = dt.date(year, rng.randint(5, 10), rng.randint(1, 28))
                inspection = Inspection(pk=w.next_pk(Inspection), committee=committee, planned_on=day,
                                        title=f"Kiểm tra thực hiện dân chủ ở cơ sở năm {year}", done_on=day,
                                        status=Inspection.Status.DONE,
                                        findings="Các xã cơ bản thực hiện đúng quy định; còn chậm công khai một số nội dung.")  # fmt: skip
                inspections.append(inspection)
                communes = [c for c in ctx.communes if c.parent_id == place.pk]
                for commune in rng.sample(communes, min(3, len(communes))):
                    inspected.append(InspectedUnit(pk=w.next_pk(InspectedUnit), inspection=inspection, place=commune,
                                                   finding="Niêm yết công khai chưa đủ thời gian quy định."))  # fmt: skip
                recommendations.append(Recommendation(pk=w.next_pk(Recommendation), inspection=inspection,
                                                      text="Bảo đảm thời gian niêm yết công khai ít nhất 30 ngày."))  # fmt: skip
    written: tuple[tuple[type[Model], list[Any], str], ...] = (
        (Body, bodies, "bodies (steering committees)"),
        (SteeringCommittee, committees, "steering committees"),
        (Programme, programmes, "steering programmes"),
        (Briefing, briefings, "steering briefings"),
        (Task, tasks, "steering tasks"),
        (Inspection, inspections, "steering inspections"),
        (InspectedUnit, inspected, "inspected units"),
        (Recommendation, recommendations, "inspection recommendations"),
    )
    for model, rows, label in written:  # in this order: each table's rows point at the ones before
        w.insert(model, rows, label)


def _new_rural(ctx: Ctx) -> None:
    """Rural communes only (xã: the programme is not for wards), against the set in force each year."""
    rng, w = ctx.rng, ctx.w
    years = [_year(ctx, back) for back in reversed(range(ctx.years))]
    sets = {year: set_in_force(year) for year in years}
    counts = {s.pk: len(criteria_ids(s, RuralLevel.STANDARD)) for s in sets.values() if s is not None}
    assessments, recognitions = [], []
    for commune in ctx.communes:
        if commune.kind != PlaceKind.COMMUNE:
            continue
        recognised = None
        for year in years:
            criteria = sets[year]
            if criteria is None or not counts[criteria.pk]:
                continue
            total = counts[criteria.pk]
            met = total if recognised else rng.randint(max(0, total - 8), total)
            assessments.append(Assessment(pk=w.next_pk(Assessment), commune=commune, year=year, criteria_set=criteria,
                                          level=RuralLevel.STANDARD, met_count=met))  # fmt: skip
            if met == total and recognised is None:
                recognised = dt.date(year, 12, rng.randint(1, 28))
                recognitions.append(Recognition(pk=w.next_pk(Recognition), place=commune, level=RuralLevel.STANDARD,
                                                recognised_on=recognised,
                                                decision_number=f"{rng.randint(100, 3999)}/QĐ-UBND",
                                                issuer=f"Chủ tịch UBND {_parent(commune).name}"))  # fmt: skip
    w.insert(Assessment, assessments, "new-rural assessments")
    w.insert(Recognition, recognitions, "new-rural recognitions")


def _quarters(ctx: Ctx) -> list[tuple[dt.date, dt.date]]:
    out = []
    for back in reversed(range(ctx.years)):
        year = _year(ctx, back)
        for q in range(4):
            start = dt.date(year, 3 * q + 1, 1)
            end = (dt.date(year, 3 * q + 3, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            out.append((start, end))
    return out


def _one_stop(ctx: Ctx) -> None:
    rng, w = ctx.rng, ctx.w
    quarters = _quarters(ctx)
    centres, figures = [], []
    for commune in ctx.communes:
        centres.append(Centre(pk=w.next_pk(Centre), place=commune, name=f"Bộ phận Một cửa {commune.name}",
                              address=f"Trụ sở UBND {commune.name}", opened_on=dt.date(2015, 1, 1)))  # fmt: skip
        carried = rng.randint(0, 20)
        for start, end in quarters:
            received = rng.randint(150, 900)
            resolved = rng.randint(received * 8 // 10, received + carried)
            new_terms = end >= NEW_TERMS
            services = rng.randint(40, 120)
            figures.append(Figure(pk=w.next_pk(Figure), place=commune, start=start, end=end, carried_over=carried,
                                  received=received, received_online=rng.randint(0, received * 6 // 10),
                                  resolved=resolved, resolved_on_time=rng.randint(resolved * 85 // 100, resolved),
                                  services_level_3=None if new_terms else services,
                                  services_level_4=None if new_terms else services // 3,
                                  services_full=services // 2 if new_terms else None,
                                  services_partial=services if new_terms else None,
                                  source="synth"))  # fmt: skip
            carried = received + carried - resolved
    w.insert(Centre, centres, "one-stop desks")
    w.insert(Figure, figures, "one-stop figures")

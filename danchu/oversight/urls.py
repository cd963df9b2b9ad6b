from __future__ import annotations

from django.urls import path

from .views import matters, office, public

app_name = "oversight"
urlpatterns = [
    path("", office.office, name="office"),
    path("mine/", public.mine, name="mine"),
    path("communes/<str:code>/", public.commune, name="commune"),
    path("communes/<str:code>/information/", public.information_send, name="information_send"),
    path("communes/<str:code>/board/", office.board_establish, name="board_establish"),
    path("boards/<int:pk>/", office.board, name="board"),
    path("boards/<int:pk>/members/", office.member_add, name="member_add"),
    path("boards/<int:pk>/positions/", office.board_positions, name="board_positions"),
    path("boards/<int:pk>/contact/", office.member_contact, name="member_contact"),
    path("boards/<int:pk>/plans/", office.plan_create, name="plan_create"),
    path("boards/<int:pk>/matters/", office.matter_receive, name="matter_receive"),
    path("boards/<int:pk>/import/", office.import_matters, name="import_matters"),
    path("boards/<int:pk>/import/sample.xlsx", office.import_sample, name="import_sample"),
    path("members/<int:pk>/recognise/", office.member_recognise, name="member_recognise"),
    path("members/<int:pk>/end/", office.member_end, name="member_end"),
    path("members/<int:pk>/claim/", office.member_claim, name="member_claim"),
    path("plans/<int:pk>/adjust/", office.plan_adjust, name="plan_adjust"),
    path("matters/<int:pk>/", matters.matter, name="matter"),
    path("matters/<int:pk>/classify/", matters.matter_classify, name="matter_classify"),
    path("matters/<int:pk>/interest/", matters.interest_declare, name="interest_declare"),
    path("matters/<int:pk>/plan/", matters.inspection_plan_send, name="inspection_plan_send"),
    path("matters/<int:pk>/start/", matters.inspection_start, name="inspection_start"),
    path("matters/<int:pk>/documents/", matters.documents_request, name="documents_request"),
    path(
        "matters/<int:pk>/documents/<int:request_pk>/received/",
        matters.documents_received,
        name="documents_received",
    ),
    path("matters/<int:pk>/conclude/", matters.matter_conclude, name="matter_conclude"),
    path("matters/<int:pk>/publish/", matters.matter_publish, name="matter_publish"),
    path("matters/<int:pk>/recommend/", matters.recommendation_make, name="recommendation_make"),
    path("matters/<int:pk>/report/", matters.matter_report, name="matter_report"),
    path("recommendations/<int:pk>/answer/", matters.recommendation_answer, name="recommendation_answer"),
    path(
        "recommendations/<int:pk>/follow-up/",
        matters.recommendation_follow_up,
        name="recommendation_follow_up",
    ),
    path("recommendations/<int:pk>/resolve/", matters.recommendation_resolve, name="recommendation_resolve"),
    path("fronts/<int:pk>/supervisions/", office.supervision_plan, name="supervision_plan"),
    path("supervisions/<int:pk>/", matters.supervision, name="supervision"),
    path("supervisions/<int:pk>/start/", matters.supervision_start, name="supervision_start"),
    path("supervisions/<int:pk>/conclude/", matters.supervision_conclude, name="supervision_conclude"),
    path("supervisions/<int:pk>/recommend/", matters.supervision_recommend, name="supervision_recommend"),
    path("supervisions/<int:pk>/close/", matters.supervision_close, name="supervision_close"),
]

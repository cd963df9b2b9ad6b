from __future__ import annotations

from django.urls import path

from .views import consultations as c
from .views import front, maps, questionnaires, surveys

app_name = "consultations"
urlpatterns = [
    path("", c.index, name="index"),
    path("new/", c.create, name="create"),
    path("place/<str:code>/", c.place, name="place"),
    path("<int:pk>/", c.detail, name="detail"),
    path("<int:pk>/comment/", c.comment, name="comment"),
    path("<int:pk>/record/", c.record, name="record"),
    path("<int:pk>/record/meeting/", c.record_meeting, name="record_meeting"),
    path("<int:pk>/open/", c.open_, name="open"),
    path("<int:pk>/revise/", c.revise, name="revise"),
    path("<int:pk>/end/", c.end_period, name="end_period"),
    path("<int:pk>/synthesis/", c.synthesis_page, name="synthesis"),
    path("<int:pk>/synthesis/groups/", c.group_create, name="group_create"),
    path("<int:pk>/synthesis/groups/<int:group_pk>/answer/", c.group_answer, name="group_answer"),
    path("<int:pk>/synthesis/comments/<int:comment_pk>/ungroup/", c.comment_ungroup, name="comment_ungroup"),
    path("<int:pk>/close/", c.close, name="close"),
    path("<int:pk>/synthesis.docx", c.synthesis_docx, name="synthesis_docx"),
    path("<int:pk>/synthesis.pdf", c.synthesis_pdf, name="synthesis_pdf"),
    path("<int:pk>/draft/", c.draft_file, name="draft_file"),
    path("surveys/", surveys.index, name="surveys"),
    path("surveys/<int:pk>/", surveys.survey, name="survey"),
    path("surveys/<int:pk>/receipts/", surveys.issue, name="survey_issue"),
    path("surveys/<int:pk>/questionnaire/", questionnaires.questionnaire, name="survey_questionnaire"),
    path("surveys/<int:pk>/questions/<int:question_pk>/", questionnaires.question, name="survey_question"),
    path("s/<str:code>/", surveys.answer, name="answer"),
    path("front/", front.index, name="front"),
    path("front/comments/", front.comment_record, name="front_comment_record"),
    path("front/comments/<int:pk>/answer/", front.comment_answer, name="front_comment_answer"),
    path("front/conferences/", front.conference_record, name="conference_record"),
    path("front/conferences/<int:pk>/answer/", front.conference_answer, name="conference_answer"),
    path("maps/", maps.index, name="maps"),
    path("maps/new/", maps.create, name="map_create"),
    path("maps/import/", maps.import_, name="map_import"),
    path("maps/<int:pk>/", maps.detail, name="map"),
    path("maps/<int:pk>/data.json", maps.data, name="map_data"),
    path("maps/<int:pk>/vote/", maps.vote, name="map_vote"),
    path("maps/<int:pk>/statements/", maps.statement, name="map_statement"),
    path("maps/<int:pk>/statements/<int:statement_pk>/moderate/", maps.moderate, name="map_moderate"),
    path("maps/<int:pk>/compute/", maps.recompute, name="map_recompute"),
    path("maps/<int:pk>/<str:name>.csv", maps.export, name="map_export"),
]

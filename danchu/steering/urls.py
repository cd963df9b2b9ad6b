from __future__ import annotations

from django.urls import path

from . import views
from .views import work

app_name = "steering"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.committee, name="committee"),
    path("<int:pk>/programmes/", views.programme_create, name="programme_create"),
    path("<int:pk>/programmes/<int:programme_pk>/done/", views.programme_complete, name="programme_complete"),
    path("<int:pk>/inspections/", views.inspection_plan, name="inspection_plan"),
    path(
        "<int:pk>/inspections/<int:inspection_pk>/findings/",
        views.inspection_record,
        name="inspection_record",
    ),
    path(
        "<int:pk>/recommendations/<int:recommendation_pk>/resolve/",
        views.recommendation_resolve,
        name="recommendation_resolve",
    ),
    path("<int:pk>/bright-spots/", views.bright_spot_register, name="bright_spot_register"),
    path(
        "<int:pk>/bright-spots/<int:spot_pk>/advance/", views.bright_spot_advance, name="bright_spot_advance"
    ),
    path("<int:pk>/awards/", views.award_grant, name="award_grant"),
    path("<int:pk>/briefings/", work.briefing_hold, name="briefing_hold"),
    path("<int:pk>/assignments/", work.assignment_add, name="assignment_add"),
    path("<int:pk>/evidence/", work.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", work.evidence_file, name="evidence_file"),
    path("tasks/<int:pk>/close/", work.task_close, name="task_close"),
    path("recommendations/<int:pk>/answer/", work.recommendation_answer, name="recommendation_answer"),
    path("places/<str:code>/assignments/", work.place_assignments, name="place_assignments"),
    path("places/<str:code>/recommendations/", work.place_recommendations, name="place_recommendations"),
    path("<int:pk>/models/", work.model_register, name="model_register"),
    path("<int:pk>/models/<int:model_pk>/recognise/", work.model_recognise, name="model_recognise"),
    path("bright-spots/", work.bright_spots_public, name="bright_spots_public"),
]

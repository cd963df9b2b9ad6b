from __future__ import annotations

from django.urls import path

from . import views

app_name = "workplaces"
urlpatterns = [
    path("", views.units, name="units"),
    path("new/", views.unit_new, name="unit_new"),
    path("import/", views.unit_import, name="import"),
    path("<int:pk>/", views.unit, name="unit"),
    path("<int:pk>/regulations/", views.regulation_add, name="regulation_add"),
    path("<int:pk>/conferences/", views.conference_convene, name="conference_convene"),
    path("<int:pk>/dialogues/", views.dialogue_add, name="dialogue_add"),
    path("<int:pk>/bright-spots/", views.bright_spot_propose, name="bright_spot_propose"),
    path(
        "<int:pk>/bright-spots/<int:spot_pk>/evidence/",
        views.bright_spot_evidence,
        name="bright_spot_evidence",
    ),
    path("conferences/<int:pk>/", views.conference, name="conference"),
    path("conferences/<int:pk>/held/", views.conference_hold, name="conference_hold"),
    path("conferences/<int:pk>/resolutions/", views.resolution_add, name="resolution_add"),
    path("conferences/<int:pk>/minutes.docx", views.minutes, name="minutes"),
    path("conferences/<int:pk>/minutes.pdf", views.minutes_as_pdf, name="minutes_pdf"),
    path("committees/<int:pk>/compliance/", views.compliance, name="compliance"),
]

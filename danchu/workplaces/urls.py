from __future__ import annotations

from django.urls import path

from . import views, views_elections, views_resolutions

app_name = "workplaces"
urlpatterns = [
    path("", views.units, name="units"),
    path("new/", views.unit_new, name="unit_new"),
    path("import/", views.unit_import, name="import"),
    # One URL per sample, no unit in either: each is the same for every registrar.
    path("import/units.xlsx", views.import_sample, {"what": "units"}, name="import_units_sample"),
    path(
        "import/activities.xlsx", views.import_sample, {"what": "activities"}, name="import_activities_sample"
    ),
    path("<int:pk>/", views.unit, name="unit"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/representatives/", views.representative_add, name="representative_add"),
    path(
        "<int:pk>/representatives/<int:member_pk>/end/",
        views.representative_end,
        name="representative_end",
    ),
    path("<int:pk>/regulations/", views.regulation_add, name="regulation_add"),
    path("regulations/<int:pk>/file/", views.regulation_file, name="regulation_file"),
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
    path("conferences/<int:pk>/resolutions/", views_resolutions.resolution_open, name="resolution_open"),
    path("resolutions/<int:pk>/", views_resolutions.resolution, name="resolution"),
    path("resolutions/<int:pk>/vote/", views_resolutions.resolution_vote, name="resolution_vote"),
    path("resolutions/<int:pk>/room/", views_resolutions.resolution_room, name="resolution_room"),
    path("resolutions/<int:pk>/close/", views_resolutions.resolution_close, name="resolution_close"),
    path("conferences/<int:pk>/delegates/", views_elections.delegate_add, name="delegate_add"),
    path("conferences/<int:pk>/elections/", views_elections.board_elect, name="board_elect"),
    path("elections/<int:pk>/", views_elections.election, name="election"),
    path("elections/<int:pk>/ballot/", views_elections.vote, name="election_vote"),
    path("elections/<int:pk>/open/", views_elections.election_open, name="election_open"),
    path("elections/<int:pk>/close/", views_elections.election_close, name="election_close"),
    path("elections/<int:pk>/tally/", views_elections.election_tally, name="election_tally"),
    path("elections/<int:pk>/recognise/", views_elections.election_recognise, name="election_recognise"),
    path("elections/<int:pk>/team/", views_elections.team, name="election_team"),
    path("elections/<int:pk>/boxes/", views_elections.box, name="election_box"),
    path("conferences/<int:pk>/minutes.docx", views.minutes, name="minutes"),
    path("conferences/<int:pk>/minutes.pdf", views.minutes_as_pdf, name="minutes_pdf"),
    path("committees/<int:pk>/compliance/", views.compliance, name="compliance"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "newrural"
urlpatterns = [
    path("", views.index, name="index"),
    path("place/<str:code>/", views.place, name="place"),
    path("place/<str:code>/assess/", views.assess, name="assess"),
    path("place/<str:code>/recognise/", views.recognise, name="recognise"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("office/", views.office, name="office"),
    path("import/", views.import_records, name="import"),
    path("import/sample.xlsx", views.import_sample, name="import_sample"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "adminreform"
urlpatterns = [
    path("", views.index, name="index"),
    path("place/<str:code>/", views.place, name="place"),
    path("place/<str:code>/figures.csv", views.figures_file, {"fmt": "csv"}, name="figures_csv"),
    path("place/<str:code>/figures.xlsx", views.figures_file, {"fmt": "xlsx"}, name="figures_xlsx"),
    path("place/<str:code>/centre/", views.centre, name="centre"),
    path("place/<str:code>/departments/", views.department, name="department"),
    path("office/", views.office, name="office"),
    path("import/", views.import_figures, name="import"),
]

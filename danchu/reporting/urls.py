from __future__ import annotations

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("history/", views.history_page, name="history"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/communes.<str:fmt>", views.open_data_file, name="open_data_file"),
    path("place/<str:code>/", views.dashboard, name="dashboard"),
    path("place/<str:code>/refresh/", views.refresh, name="refresh"),
    path("place/<str:code>/export/<str:table>.<str:fmt>", views.export_table, name="export"),
    path("place/<str:code>/completeness/", views.completeness_page, name="completeness"),
    path("place/<str:code>/pivot/", views.pivot, name="pivot"),
    path("place/<str:code>/reports/new/", views.report_new, name="report_new"),
    path("forms/<str:form_code>/<str:code>/<str:period_code>/", views.entry, name="entry"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/download.<str:fmt>", views.report_download, name="report_download"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "office"
urlpatterns = [path("", views.office, name="index")]

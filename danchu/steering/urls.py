from __future__ import annotations

from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.committee, name="committee"),
    path("<int:pk>/bright-spots/", views.bright_spot_register, name="bright_spot_register"),
    path(
        "<int:pk>/bright-spots/<int:spot_pk>/advance/", views.bright_spot_advance, name="bright_spot_advance"
    ),
    path("<int:pk>/awards/", views.award_grant, name="award_grant"),
]

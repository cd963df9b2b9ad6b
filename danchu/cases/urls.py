from __future__ import annotations

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.submit, name="submit"),
    path("new/<str:code>/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_detail, name="track_detail"),
    path("track/<str:code>/reply.docx", views.track_reply, name="track_reply"),
    path("track/<str:code>/rate/", views.rate, name="rate"),
    path("track/<str:code>/key/", views.lost_key, name="lost_key"),
    path("track/<str:code>/photo/<int:pk>/", views.track_photo, name="track_photo"),
    path("on-time/", views.on_time, name="on_time"),
    path("place/<str:code>/", views.place, name="place"),
    path("office/", views.staff_list, name="staff_list"),
    path("office/export.<str:fmt>", views.staff_export, name="staff_export"),
    path("office/dashboard/", views.dashboard, name="dashboard"),
    path("office/intake/", views.intake, name="intake"),
    path("office/import/", views.import_view, name="import"),
    path("office/reception/", views.reception, name="reception"),
    path("office/apikeys/", views.apikeys, name="apikeys"),
    path("office/escalations/", views.escalations, name="escalations"),
    path("office/delegations/", views.delegations, name="delegations"),
    path("office/contacts/", views.contacts, name="contacts"),
    path("office/<str:code>/", views.staff_detail, name="staff_detail"),
    path("office/<str:code>/identity/", views.identity, name="identity"),
    path("office/<str:code>/reply/<int:pk>.docx", views.reply_docx, name="reply_docx"),
    path("office/<str:code>/photo/<int:pk>/", views.photo, name="photo"),
    path("office/<str:code>/<str:name>/", views.action, name="action"),
]

from __future__ import annotations

from django.urls import path

from . import data_views, phone_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("phone/", phone_views.phone, name="phone"),
    path("reset-by-sms/", phone_views.reset_by_sms, name="reset_by_sms"),
    path("reset-by-sms/code/", phone_views.reset_by_sms_code, name="reset_by_sms_code"),
    path("claim/", phone_views.claim, name="claim"),
    path("household/", views.household_request, name="household_request"),
    path("household/<int:pk>/end/", views.household_end, name="household_end"),
    path("notifications/", views.preferences, name="preferences"),
    path("data/", data_views.my_data, name="my_data"),
    path("data/danchu.json", data_views.my_data_json, name="my_data_json"),
    path("data/danchu.pdf", data_views.my_data_pdf, name="my_data_pdf"),
    path("data/close/", data_views.account_close, name="account_close"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("office/links/", views.office_links, name="office_links"),
    path("office/links/<int:pk>/", views.office_link_decide, name="office_link_decide"),
    path("office/roles/", views.office_roles, name="office_roles"),
    path("office/roles/<int:pk>/end/", views.office_role_end, name="office_role_end"),
    path("office/counter/", views.office_counter, name="office_counter"),
    path("office/counter/select/", views.office_counter_select, name="office_counter_select"),
    path("office/counter/activate/", views.office_counter_activate, name="office_counter_activate"),
]

from __future__ import annotations

from django.urls import path

from .views import office, public

app_name = "places"
urlpatterns = [
    path("", public.index, name="index"),
    path("search/", public.search, name="search"),
    path("map/provinces.geojson", public.map_provinces, name="map_provinces"),
    path("<str:code>/map.geojson", public.map_places, name="map_places"),
    path("office/", office.index, name="office"),
    path("office/communes/<str:code>/villages/", office.villages, name="office_villages"),
    path("office/communes/<str:code>/import/", office.upload, name="office_upload"),
    path(
        "office/communes/<str:code>/import/<str:what>.xlsx", office.upload_sample, name="office_upload_sample"
    ),
    path("office/villages/<str:code>/", office.village_edit, name="office_village_edit"),
    path("office/villages/<str:code>/end/", office.village_end, name="office_village_end"),
    path("office/villages/<str:code>/households/", office.households, name="office_households"),
    path("office/households/<int:pk>/", office.household, name="office_household"),
    path("office/households/<int:pk>/edit/", office.household_edit, name="office_household_edit"),
    path("office/households/<int:pk>/members/", office.member_add, name="office_member_add"),
    path(
        "office/households/<int:pk>/members/<int:member_id>/leave/",
        office.member_leave,
        name="office_member_leave",
    ),
    path(
        "office/households/<int:pk>/representative/",
        office.representative_change,
        name="office_representative_change",
    ),
    path("office/households/<int:pk>/dissolve/", office.household_dissolve, name="office_household_dissolve"),
    path("<str:code>/", public.detail, name="detail"),
]

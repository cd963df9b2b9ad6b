from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from danchu.api import api
from danchu.core import views as core_views

handler400 = "danchu.core.views.bad_request"
handler403 = "danchu.core.views.forbidden"
handler404 = "danchu.core.views.not_found"
handler500 = "danchu.core.views.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("me/", include("danchu.accounts.urls")),
    path("places/", include("danchu.places.urls")),
    path("disclosures/", include("danchu.disclosures.urls")),
    path("consultations/", include("danchu.consultations.urls")),
    path("meetings/", include("danchu.meetings.urls")),
    path("cases/", include("danchu.cases.urls")),
    path("works/", include("danchu.works.urls")),
    path("oversight/", include("danchu.oversight.urls")),
    path("workplaces/", include("danchu.workplaces.urls")),
    path("steering/", include("danchu.steering.urls")),
    path("reporting/", include("danchu.reporting.urls")),
    path("office/", include("danchu.core.office_urls")),
    path("open311/v2/", include("danchu.cases.open311_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

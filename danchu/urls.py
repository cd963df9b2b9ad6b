from __future__ import annotations

from allauth import urls as allauth_urls
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import include, path, re_path
from django.views.static import serve

from danchu.api import api
from danchu.core import audit_page
from danchu.core.access import PUBLIC, access
from danchu.core.middleware import answering_refusals_in
from danchu.front import views as front_views

handler400 = "danchu.front.views.bad_request"
handler403 = "danchu.front.views.forbidden"
handler404 = "danchu.front.views.not_found"
handler500 = "danchu.front.views.server_error"

urlpatterns = [
    path("", front_views.home, name="home"),
    path("near/", front_views.near, name="near"),
    path("robots.txt", front_views.robots_txt, name="robots"),
    path("sitemap.xml", front_views.sitemap_xml, name="sitemap"),
    path("favicon.ico", front_views.favicon, name="favicon"),
    path("healthz", front_views.healthz, name="healthz"),
    path("audit/anchors/", audit_page.anchors, name="audit_anchors"),
    path("audit/anchors.txt", audit_page.anchors_text, name="audit_anchors_text"),
    path("i18n/setlang/", front_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # allauth shows a refused form again with 200: answered with its 4xx (core.middleware.status_of).
    path("accounts/", include(answering_refusals_in(allauth_urls.urlpatterns))),
    path("api/v1/", api.urls),
    path("me/", include("danchu.accounts.urls")),
    path("places/", include("danchu.places.urls")),
    path("disclosures/", include("danchu.disclosures.urls")),
    path("consultations/", include("danchu.consultations.urls")),
    path("meetings/", include("danchu.meetings.urls")),
    path("cases/", include("danchu.cases.urls")),
    path("works/", include("danchu.works.urls")),
    path("newrural/", include("danchu.newrural.urls")),
    path("adminreform/", include("danchu.adminreform.urls")),
    path("oversight/", include("danchu.oversight.urls")),
    path("workplaces/", include("danchu.workplaces.urls")),
    path("steering/", include("danchu.steering.urls")),
    path("reporting/", include("danchu.reporting.urls")),
    path("office/", include("danchu.front.office_urls")),
    path("open311/v2/", include("danchu.cases.open311_urls")),
]


@access(PUBLIC)
def development_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Development only (nginx serves /media/ in production, see docs/deployment.md)."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


# Files of cases (photos of a denunciation, replies) and of disclosures (a draft's attachments,
# posters, audio) are served by their module's views after the access check, never as plain media.
PROTECTED_MEDIA = ("cases/", "disclosures/")
DEVELOPMENT_MEDIA_URLS = [
    re_path(r"^media/(?!" + "|".join(PROTECTED_MEDIA) + r")(?P<path>.*)$", development_media)
]

if settings.DEBUG:
    urlpatterns += DEVELOPMENT_MEDIA_URLS

"""Mounts the audit heads page for tests (the lead mounts it in danchu/urls.py)."""

from django.urls import include, path

from danchu.core import audit_page
from danchu.urls import urlpatterns as site

urlpatterns = [
    path("audit/anchors/", audit_page.anchors, name="audit_anchors"),
    path("audit/anchors.txt", audit_page.anchors_text, name="audit_anchors_text"),
    path("", include(site)),
]

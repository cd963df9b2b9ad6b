from __future__ import annotations

from django.urls import path

from .views import office, public

app_name = "disclosures"
urlpatterns = [
    path("", public.index, name="index"),
    path("search/", public.search_page, name="search"),
    path("documents/", public.documents, name="documents"),
    path("documents/<int:pk>/", public.document, name="document"),
    path("follow/", public.follow, name="follow"),
    path("d/<int:pk>/", public.detail, name="detail"),
    path("d/<int:pk>/v/<int:number>/", public.version, name="version"),
    path("d/<int:pk>/seen.gif", public.hit, name="hit"),
    path("d/<int:pk>/poster.pdf", public.poster, name="poster"),
    path("d/<int:pk>/audio", public.audio_file, name="audio"),
    path("d/<int:pk>/ask/", public.ask, name="ask"),
    path("files/<int:pk>/", public.attachment, name="attachment"),
    path("office/", office.index, name="office"),
    path("office/new/", office.create, name="office_create"),
    path("office/questions/", office.questions, name="office_questions"),
    path("office/questions/<int:pk>/", office.question_decide, name="office_question"),
    path("office/compliance/", office.compliance, name="office_compliance"),
    path("office/<int:pk>/", office.detail, name="office_detail"),
    path("office/<int:pk>/edit/", office.edit, name="office_edit"),
    path("office/<int:pk>/publish/", office.publish, name="office_publish"),
    path("office/<int:pk>/correct/", office.correct, name="office_correct"),
    path("office/<int:pk>/withdraw/", office.withdraw, name="office_withdraw"),
    path("office/<int:pk>/attach/", office.attach, name="office_attach"),
    path("office/<int:pk>/proof/", office.proof, name="office_proof"),
    path("office/proofs/<int:pk>/photo.<slug:ext>", office.proof_photo, name="office_proof_photo"),
    path("office/<int:pk>/retry/", office.retry, name="office_retry"),
    path("office/place/<str:code>/obligations/", office.obligations, name="office_obligations"),
    path("office/place/<str:code>/loudspeaker/", office.bulletin_settings, name="office_settings"),
    path("office/place/<str:code>/bulletin/", office.bulletin_build, name="office_bulletin"),
    path("<str:code>/", public.place, name="place"),
    path("<str:code>/feed.atom", public.feed, name="feed"),
    path("<str:code>/archive/", public.archive, name="archive"),
    path("<str:code>/bulletin/", public.bulletin, name="bulletin"),
    path("<str:code>/bulletin/<str:day>/", public.bulletin, name="bulletin_day"),
    path("<str:code>/bulletin/<str:day>/audio", public.bulletin_audio, name="bulletin_audio"),
    path("<str:code>/c/<str:category>/", public.category, name="category"),
]

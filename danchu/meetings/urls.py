from __future__ import annotations

from django.urls import path

from .views import conventions, elections
from .views import meetings as views

app_name = "meetings"
urlpatterns = [
    path("", views.office, name="office"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("village/<str:code>/", views.village, name="village"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/quorum/", views.quorum, name="quorum"),
    path("<int:pk>/notice/", views.notice, name="notice"),
    path("<int:pk>/cards/", views.cards, name="cards"),
    path("<int:pk>/checkin/", views.checkin_page, name="checkin"),
    path("<int:pk>/send-notice/", views.send_notice, name="send_notice"),
    path("<int:pk>/open/", views.open_meeting, name="open"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/confirm-minutes/", views.confirm_minutes, name="confirm_minutes"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/items/<int:item_pk>/hands/", views.item_hands, name="item_hands"),
    path("<int:pk>/items/<int:item_pk>/secret/", views.item_secret, name="item_secret"),
    path("<int:pk>/items/<int:item_pk>/slip/", views.item_slip, name="item_slip"),
    path("<int:pk>/items/<int:item_pk>/confirm/", views.item_confirm, name="item_confirm"),
    path("<int:pk>/items/<int:item_pk>/online-vote/", views.item_online_vote, name="item_online_vote"),
    path("elections/<int:pk>/", elections.election, name="election"),
    path("elections/<int:pk>/vote/", elections.vote, name="election_vote"),
    path("elections/<int:pk>/open/", elections.election_open, name="election_open"),
    path("elections/<int:pk>/close/", elections.election_close, name="election_close"),
    path("elections/<int:pk>/tally/", elections.election_tally, name="election_tally"),
    path("elections/<int:pk>/recognise/", elections.election_recognise, name="election_recognise"),
    path("elections/<int:pk>/receipt/", elections.receipt, name="election_receipt"),
    path("conventions/new/", conventions.new, name="convention_new"),
    path("conventions/<int:pk>/", conventions.version, name="version"),
    path("conventions/<int:pk>/open/", conventions.open_comments, name="version_open"),
    path("conventions/<int:pk>/amend/", conventions.amend, name="version_amend"),
    path("conventions/<int:pk>/comment/", conventions.comment, name="version_comment"),
    path("conventions/<int:pk>/adopt/", conventions.adopt, name="version_adopt"),
    path("conventions/<int:pk>/submit/", conventions.submit, name="version_submit"),
    path("conventions/<int:pk>/recognise/", conventions.recognise, name="version_recognise"),
    path("conventions/<int:pk>/refuse/", conventions.refuse, name="version_refuse"),
]

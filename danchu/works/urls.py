from __future__ import annotations

from django.urls import path

from .views import board, ledger, office, public

app_name = "works"
urlpatterns = [
    path("", public.index, name="index"),
    path("place/<str:code>/", public.place, name="place"),
    path("<int:pk>/", public.detail, name="detail"),
    path("photos/<int:pk>/", public.photo, name="photo"),
    path("receipts/<str:token>/", public.verify, name="verify"),
    path("<int:pk>/inform/", public.inform, name="inform"),
    path("office/", office.office, name="office"),
    path("new/", office.create, name="create"),
    path("<int:pk>/progress/", office.progress, name="progress"),
    path("<int:pk>/accept/", office.accept, name="accept"),
    path("<int:pk>/hand-over/", office.hand_over, name="hand_over"),
    path("<int:pk>/ledger/", ledger.ledger, name="ledger"),
    path("<int:pk>/ledger.xlsx", ledger.export, name="export"),
    path("<int:pk>/rate/", ledger.rate, name="rate"),
    path("<int:pk>/payments/", ledger.pay, name="pay"),
    path("<int:pk>/pledges/<int:pledge_pk>/reduce/", ledger.reduce, name="reduce"),
    path("<int:pk>/import/", ledger.import_ledger, name="import"),
    path("<int:pk>/import/sample.xlsx", ledger.import_sample, name="import_sample"),
    path("payments/<int:pk>/", ledger.receipt, name="receipt"),
    path("payments/<int:pk>/reverse/", ledger.reverse_payment, name="reverse"),
    path("mine/", ledger.mine, name="mine"),
    path("<int:pk>/board/", board.board, name="board"),
    path("<int:pk>/board/establish/", board.establish, name="establish"),
    path("<int:pk>/board/members/", board.member_add, name="member_add"),
    path("<int:pk>/board/plan/", board.plan, name="plan"),
    path("board-members/<int:pk>/withdraw/", board.member_withdraw, name="member_withdraw"),
    path("<int:pk>/board/sessions/", board.session, name="session"),
    path("<int:pk>/board/recommendations/", board.recommend, name="recommend"),
    path("<int:pk>/board/close/", board.close, name="close"),
    path("recommendations/<int:pk>/answer/", board.answer, name="answer"),
    path("recommendations/<int:pk>/close/", board.close_recommendation, name="close_recommendation"),
]

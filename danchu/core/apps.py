from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danchu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .audit import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="danchu.core.audit.sqlite")
        from django.core.signals import request_finished, request_started

        from . import sqlmemo

        request_started.connect(sqlmemo.request_started, dispatch_uid="danchu.core.sqlmemo.started")
        request_finished.connect(sqlmemo.request_finished, dispatch_uid="danchu.core.sqlmemo.finished")

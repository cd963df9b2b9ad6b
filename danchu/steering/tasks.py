"""Periodic jobs of steering: reminders of the tasks a briefing meeting assigned."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# 01:05 UTC is 08:05 in Vietnam.
@db_periodic_task(crontab(hour="1", minute="5"))
def steering_daily_task_reminders() -> int:
    from .services.work import remind_tasks

    return remind_tasks()

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# huey evaluates crontabs in UTC: 00:30 UTC is 07:30 in Vietnam.
@db_periodic_task(crontab(hour="0", minute="30"))
def oversight_daily_reminders() -> int:
    """Every morning: remind board members of inspections starting next working day, documents due today."""
    from .services import due_reminders

    return due_reminders()

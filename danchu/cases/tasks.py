from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# huey evaluates crontabs in UTC: 00:00 UTC is 07:00 in Vietnam.
@db_periodic_task(crontab(hour="0", minute="0"))
def cases_daily_deadlines() -> dict[str, int]:
    """Every morning (07:00 Vietnam time): remind handlers, escalate overdue cases to the head."""
    from .services import remind_and_escalate

    return remind_and_escalate()

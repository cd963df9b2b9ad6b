from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# huey evaluates crontabs in UTC: 00:30 UTC is 07:30 in Vietnam.
@db_periodic_task(crontab(hour="0", minute="30"))
def meetings_election_reminders() -> int:
    """Every morning: remind those who run an election of the steps falling due (Decree 59 Arts. 6–7)."""
    from .services.elections import election_reminders

    return election_reminders()

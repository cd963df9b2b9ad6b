"""Acting on behalf of a citizen at the counter (tại bộ phận tiếp dân / một cửa).

A citizen who comes in person asks staff to record an act for them: a complaint, a vote slip, a
request. The act is the citizen's; staff only type it in. Modules record both people:

    from danchu.accounts.counter import Actor, counter_actor

    def case_submit_view(request, ...):
        actor = counter_actor(request.user, citizen, place=village)   # raises Forbidden if not allowed
        case_submit(actor=actor, ...)

    def case_submit(*, actor: Actor, ...):
        case = Case.objects.create(submitted_by=actor.subject, recorded_by=actor.person,
                                   channel=actor.channel, ...)
        audit(**actor.audit_kwargs(), action="cases.submit", obj=case)

`actor_for(request, place=...)` gives the counter pair when staff chose a citizen on the counter
page (/me/office/counter/), else `Actor.online(request.user)`: the same pair for a person acting for themselves, so a service
takes one `actor` argument whatever the channel. `actor.subject` is whose act it is (the citizen),
`actor.person` who typed it, and the audit entry names both (`on_behalf_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from danchu.core.errors import Forbidden
from danchu.places.models import Place

from . import permissions

COUNTER = "counter"
ONLINE = "online"
# The citizen that staff chose on the counter page (/me/office/counter/), kept in the session.
COUNTER_SESSION_KEY = "danchu_counter_person"


@dataclass(frozen=True)
class Actor:
    person: Any  # who performs the act in danchu (the signed-in user)
    on_behalf_of: Any = None  # the citizen the act is for, when staff record it for them
    channel: str = ONLINE  # "online" or "counter"

    @classmethod
    def online(cls, person: Any) -> Actor:
        return cls(person=person, on_behalf_of=None, channel=ONLINE)

    @property
    def subject(self) -> Any:
        """Whose act this is: the citizen at the counter, otherwise the person themselves."""
        return self.on_behalf_of if self.on_behalf_of is not None else self.person

    @property
    def is_counter(self) -> bool:
        return self.on_behalf_of is not None

    def audit_kwargs(self) -> dict[str, Any]:
        """`audit(**actor.audit_kwargs(), action=..., obj=...)`."""
        return {"actor": self.person, "on_behalf_of": self.on_behalf_of}


def counter_actor(staff: Any, citizen: Any, *, place: Place | None = None) -> Actor:
    """The pair for an act recorded at the counter. `place` is where the act belongs (the citizen's
    village or commune); staff must be allowed to act for citizens there."""
    if place is None:
        if permissions.village_scope(staff).exists():
            return Actor(person=staff, on_behalf_of=citizen, channel=COUNTER)
        raise Forbidden(_("Only commune staff and village heads record acts for a citizen at the counter."))
    if not permissions.can(staff, "accounts.act_for_citizen", place):
        raise Forbidden(_("You may not act for citizens of %(place)s.") % {"place": place.name})
    return Actor(person=staff, on_behalf_of=citizen, channel=COUNTER)


def actor_for(request: Any, *, place: Place | None = None) -> Actor:
    """The actor of a request: the citizen chosen on the counter page when staff have chosen one
    (checked against `place`), otherwise the signed-in person acting for themselves."""
    from .models import User

    pk = request.session.get(COUNTER_SESSION_KEY) if hasattr(request, "session") else None
    if pk and getattr(request.user, "is_authenticated", False):
        citizen = User.objects.filter(pk=pk).first()
        if citizen is not None:
            return counter_actor(request.user, citizen, place=place)
    return Actor.online(request.user)

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.permissions import village_scope
from danchu.core.forms import DayField, TypedIntegerField, at_the_field
from danchu.core.text import vi_sort_key

from .models import AgendaItem, Convention, Dismissal, Election, HouseholdVote

ITEM_ROWS = 5


def set_villages(form: forms.Form, person: Any, villages: Any = None) -> None:
    """The form's village choices: the villages where `person` acts (or `villages`), in Vietnamese
    order ("Ấp Đông", "Buôn Đắk", "Thôn 1"); a place's own order is its code."""
    field = form.fields["village"]
    villages = village_scope(person) if villages is None else villages
    field.queryset = villages  # type: ignore[attr-defined]
    ordered = sorted(villages, key=lambda p: vi_sort_key(p.name))
    field.choices = [("", field.empty_label), *((p.pk, p.name) for p in ordered)]  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))  # type: ignore[arg-type]
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=255)
    day = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=pgettext_lazy("location", "Place"), max_length=255)
    cluster = forms.CharField(label=_("Cluster (commune-wide meeting)"), max_length=200, required=False)

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_villages(self, person)
        for n in range(ITEM_ROWS):
            self.fields[f"item{n}_title"] = forms.CharField(
                label=_("Agenda item"), max_length=255, required=False
            )
            self.fields[f"item{n}_kind"] = forms.ChoiceField(
                label=pgettext_lazy("type", "Kind"),
                choices=AgendaItem.Kind.choices,
                initial=AgendaItem.Kind.INFORM,
            )
            self.fields[f"item{n}_matter"] = forms.TypedChoiceField(
                label=_("Matter (Art. 15)"),
                choices=[("", "—"), *AgendaItem.Matter.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"item{n}_method"] = forms.ChoiceField(
                label=_("Voting method"), choices=[("", "—"), *AgendaItem.Method.choices], required=False
            )

    def item_rows(self) -> list[list[Any]]:
        return [
            [self[f"item{n}_{part}"] for part in ("title", "kind", "matter", "method")]
            for n in range(ITEM_ROWS)
        ]

    def starts_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class HandsForm(forms.Form):
    votes_for = TypedIntegerField(label=pgettext_lazy("vote", "For"), min_value=0, max_value=100000)
    votes_against = TypedIntegerField(label=_("Against"), min_value=0, max_value=100000)
    abstentions = TypedIntegerField(label=_("Abstain"), min_value=0, max_value=100000)


class OnlineOpenForm(forms.Form):
    """Decree 59/2023 Art. 5(1): the three conditions of an online vote, each confirmed by the village
    head (the service names those missing)."""

    head_and_front_agree = forms.BooleanField(
        label=_("The village head and the Front work committee agree"), required=False
    )
    unanimous = forms.BooleanField(label=_("The community chose online voting unanimously"), required=False)
    devices = forms.BooleanField(
        label=_("Household representatives have devices or smartphones"), required=False
    )


class SecretForm(forms.Form):
    team = forms.CharField(
        label=_("Counting team (one name a line, 3 to 5)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    boxes = forms.CharField(
        label=_("Ballot boxes (one a line: label; for; against; spoilt; blank)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team_minutes = forms.CharField(
        label=_("Counting team's minutes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_boxes(self) -> list[Any]:
        from .services.decisions import BoxCount

        rows = []
        for number, line in enumerate(self.cleaned_data["boxes"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                label, *counts = parts
                values = [int(c) for c in counts]
                if len(values) != 4:
                    raise ValueError
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: write label; for; against; spoilt; blank."), params={"n": number}
                ) from None
            rows.append(BoxCount(label, *values))
        return rows


class SlipForm(forms.Form):
    code = forms.CharField(label=_("Household code"), max_length=64)
    choice = forms.ChoiceField(label=_("Choice"), choices=HouseholdVote.Choice.choices)


class CloseForm(forms.Form):
    secretary_name = forms.CharField(label=_("Secretary"), max_length=200)
    notes = forms.CharField(
        label=_("Other contents of the minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ElectionForm(forms.Form):
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))  # type: ignore[arg-type]
    office = forms.ChoiceField(label=_("Office"), choices=Election.Office.choices)
    election_day = DayField(label=_("Election day"), widget=forms.DateInput(attrs={"type": "date"}))
    seats = TypedIntegerField(label=_("Seats"), min_value=1, max_value=20, initial=1)
    candidates = forms.CharField(
        label=_("Candidates (one a line)"),
        help_text=_(
            "For a board member who has an account, add “;” and their phone number or e-mail "
            "(Hà Thị Mai; 0912 345 678): elected and recognised, they sit on the board."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )
    paper = forms.BooleanField(
        label=_("Held by paper ballot (counted per box by the election team)"), required=False
    )

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_villages(self, person)

    def clean_candidates(self) -> tuple[list[str], dict[str, Any]]:
        """The names and the accounts named with them (services.elections.candidate_accounts); a
        contact that is no account is shown at the field, with what was typed kept."""
        from .services.elections import candidate_accounts

        return at_the_field(lambda: candidate_accounts(self.cleaned_data["candidates"].splitlines()))


class ConventionForm(forms.Form):
    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=pgettext_lazy("type", "Kind"), choices=Convention.Kind.choices)
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=255)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), max_length=100_000)

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_villages(self, person)


class AmendForm(forms.Form):
    text = forms.CharField(
        label=_("Amended text"), widget=forms.Textarea(attrs={"rows": 16}), max_length=100_000
    )
    note = forms.CharField(label=_("What changes"), max_length=500, required=False)


class OpenCommentsForm(forms.Form):
    closes_on = DayField(
        label=_("Comments accepted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the shortest period the rules allow."),
    )


class RecogniseForm(forms.Form):
    decision_number = forms.CharField(label=_("Recognition decision number"), max_length=100)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DismissalForm(forms.Form):
    """A dismissal proposal: the village head (named), or a board member chosen among the members the
    person's villages elected who sit today (queries.sitting_members), grouped by board office. The
    service refuses a member the chosen village did not elect, at the member field."""

    village: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Village"))  # type: ignore[arg-type]
    office = forms.ChoiceField(
        label=_("Office"), choices=Election.Office.choices, initial=Election.Office.VILLAGE_HEAD
    )
    member = forms.ChoiceField(
        label=_("Board member"),
        required=False,
        help_text=_("For a board member: one of the members the village elected who sit on the board today."),
    )
    holder_name = forms.CharField(
        label=_("Name of the person dismissed"),
        max_length=200,
        required=False,
        help_text=_("The village head's name; for a board member, left empty, the name of their account."),
    )
    trigger = forms.ChoiceField(label=_("Grounds"), choices=Dismissal.Trigger.choices)
    proposer_name = forms.CharField(label=_("Proposed by"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        from .electorates import BOARD_OF
        from .permissions import proposal_villages
        from .queries import sitting_members

        super().__init__(*args, **kwargs)
        villages = proposal_villages(person)
        set_villages(self, person, villages)
        listed = list(villages)
        self.members: dict[str, Any] = {}
        groups: list[Any] = [("", "—")]
        for office in BOARD_OF:
            found = sitting_members(listed, office)
            keys = [(f"{h.body.pk}:{h.person.pk}", h) for h in found]
            self.members.update(keys)
            if keys:
                label = Election.Office(office).label
                groups.append(
                    (label, [(k, f"{h.person} — {h.body.name} ({h.village.name})") for k, h in keys])
                )
        self.fields["member"].choices = groups  # type: ignore[attr-defined]

    def clean_member(self) -> Any:
        """The chosen member (an electorates.SeatHolder), or None."""
        return self.members.get(self.cleaned_data["member"])


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Number of the commune's decision"), max_length=100)

"""Forms of the oversight pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import User
from danchu.core.errors import DomainError
from danchu.core.forms import DayField, TypedIntegerField, at_the_field, skip_bad_rows_field
from danchu.places.fields import PlaceChoiceField
from danchu.places.models import Place

from .models import BoardMember, Channel, Period, Topic
from .services.common import nfc


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, required: bool = True) -> DayField:
    return DayField(label=label, required=required, widget=DateInput())


def cleaned(form: forms.Form) -> dict[str, Any]:
    """The form's data, or a DomainError listing its problems (shown on the page posted from)."""
    if not form.is_valid():
        problems = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            text = " ".join(str(e) for e in errors)
            problems.append(f"{label}: {text}" if label else text)
        raise DomainError("; ".join(problems) or _gettext("Some values are not valid."))
    return form.cleaned_data


class Text(forms.CharField):
    """A text field that refuses NUL bytes with a clear message (PostgreSQL cannot store them)."""

    def to_python(self, value: Any) -> str:
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(_("This text contains a character that is not allowed."))
        # Composed before max_length counts it: decomposed Vietnamese counts up to twice as long.
        return str(super().to_python(nfc(value)))


def villages(place: Place) -> Any:
    return Place.objects.filter(parent=place)


class BoardForm(forms.Form):
    size = TypedIntegerField(label=_("Number of members"), min_value=1, max_value=200, initial=5)
    term_from = date_field(_("Term from"))
    term_to = date_field(_("Term until"))
    contact = Text(label=_("How to reach the board"), max_length=300, required=False)


class MemberForm(forms.Form):
    person = forms.CharField(label=_("Phone number or e-mail of the person"), max_length=254)
    village = PlaceChoiceField(label=_("Village"), queryset=Place.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=BoardMember.Position.choices)
    elected_on = date_field(_("Elected on"))
    by_election = forms.BooleanField(label=_("By-election"), required=False)

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages(place)  # type: ignore[attr-defined]

    def clean_person(self) -> User:
        from danchu.accounts.queries import account_by_contact

        return at_the_field(lambda: account_by_contact(self.cleaned_data["person"]))


class EndForm(forms.Form):
    reason = Text(label=_("Reason"), max_length=300)
    on = date_field(_("Date"), required=False)


class ContactForm(forms.Form):
    public_phone = forms.BooleanField(label=_("Publish my phone number"), required=False)
    public_note = Text(label=_("How citizens can reach me"), max_length=300, required=False)


class PlanForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    year = TypedIntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = TypedIntegerField(label=_("Quarter or half"), min_value=0, max_value=4, required=False)
    title = Text(label=_("Title"), max_length=255)
    objectives = Text(label=_("Objectives"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    contents = Text(label=_("Contents"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    start_on = date_field(_("From"))
    end_on = date_field(_("Until"))
    budget = TypedIntegerField(label=_("Budget (VND)"), min_value=0, max_value=10**13, required=False)


class PlanAdjustForm(PlanForm):
    reason = Text(label=_("Reason for the adjustment"), max_length=500)


class MatterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[(c.value, c.label) for c in Channel if c != Channel.IMPORTED and c != Channel.ONLINE],
    )
    title = Text(label=_("Title"), max_length=255)
    description = Text(
        label=_("What was reported"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_on = date_field(_("Received on"))
    village = PlaceChoiceField(label=_("Village"), queryset=Place.objects.none(), required=False)
    reporter_name = Text(label=_("Reported by"), max_length=200, required=False)
    reporter_contact = Text(label=_("Reporter's contact"), max_length=100, required=False)
    case_reference = Text(label=_("Case tracking code"), max_length=40, required=False)

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages(place)  # type: ignore[attr-defined]


class InformationForm(forms.Form):
    title = Text(label=_("Subject"), max_length=200)
    description = Text(
        label=_("What you want the board to know"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    village = PlaceChoiceField(label=_("Village"), queryset=Place.objects.none(), required=False)

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages(place)  # type: ignore[attr-defined]


class ClassifyForm(forms.Form):
    in_scope = forms.TypedChoiceField(
        label=_("Scope"),
        choices=[
            ("1", _("Within the board's scope: take it up")),
            ("0", _("Outside the scope: forward or guide")),
        ],
        coerce=lambda v: v == "1",
    )
    forwarded_to = Text(label=_("Forwarded or guided to"), max_length=300, required=False)
    file_as_case = forms.BooleanField(
        label=_("File it with the commune People's Committee as a petition from the board"),
        help_text=_(
            "The commune's office answers it within the legal time limits; the board follows it by its "
            "tracking code. The informant's identity is not passed on."
        ),
        required=False,
    )
    note = Text(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InterestForm(forms.Form):
    note = Text(label=_("Nature of the interest"), max_length=300)


class InspectionPlanForm(forms.Form):
    inspected_party = Text(label=_("Inspected party"), max_length=300)
    plan = Text(label=_("Inspection plan"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    sent_on = date_field(_("Sent on"))
    planned_start = date_field(_("Inspection from"))


class StartForm(forms.Form):
    on = date_field(_("Start date"))


class DocumentsForm(forms.Form):
    addressed_to = Text(label=_("Requested from"), max_length=300)
    documents = Text(
        label=_("Documents requested"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = date_field(_("Due on"), required=False)


class ConcludeForm(forms.Form):
    findings = Text(label=_("Findings"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    signs_of_violation = forms.BooleanField(label=_("Signs of violation"), required=False)
    public = forms.BooleanField(label=_("Publish the findings"), required=False)


class PublishForm(forms.Form):
    public = forms.TypedChoiceField(
        label=_("Findings on the commune's public page"),
        choices=[("1", _("Publish the findings")), ("0", _("Withdraw the findings"))],
        coerce=lambda v: v == "1",
    )


class RecommendForm(forms.Form):
    addressee = Text(label=_("Competent person"), max_length=300)
    to_chairman = forms.BooleanField(
        label=_("Addressed to the commune chairman"), required=False, initial=True
    )
    content = Text(label=_("Recommendation"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = date_field(_("Answer due on"), required=False)


class ReportForm(forms.Form):
    report = Text(
        label=_("Report to the commune Front"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    answer = Text(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))


class PaperAnswerForm(AnswerForm):
    """The board or the Front records a written answer received on paper, with the reply's date."""

    answered_on = date_field(_("Date of the written answer"), required=False)


class FollowUpForm(forms.Form):
    note = Text(label=_("Follow-up"), max_length=2000)


class ResolveForm(forms.Form):
    resolution = Text(label=_("Resolution"), max_length=10000, widget=forms.Textarea(attrs={"rows": 2}))


class SupervisionForm(forms.Form):
    title = Text(label=_("Title"), max_length=255)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    supervised_body = Text(label=_("Supervised body"), max_length=300)
    members = Text(label=_("Supervision team"), max_length=5000, required=False)
    coordinating = Text(label=_("With the mass organisations"), max_length=300, required=False)
    plan = Text(label=_("Plan"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    planned_from = date_field(_("From"))
    planned_to = date_field(_("Until"))


class SupervisionConcludeForm(forms.Form):
    findings = Text(label=_("Findings"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    public = forms.BooleanField(label=_("Publish the findings"), required=False)


class SupervisionRecommendForm(forms.Form):
    addressee = Text(label=_("Competent person"), max_length=300)
    content = Text(label=_("Recommendation"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = date_field(_("Answer due on"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file of past matters"))
    skip_bad_rows = skip_bad_rows_field()


class PositionsForm(forms.Form):
    """The head and deputy head a unit's board chose among its sitting members."""

    head = forms.ModelChoiceField(
        label=_("Head"),
        queryset=BoardMember.objects.none(),
        error_messages={"invalid_choice": _("Choose the head among the sitting members of the board.")},
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy head"),
        queryset=BoardMember.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Choose the deputy head among the sitting members of the board.")
        },
    )
    on = date_field(_("Chosen on"), required=False)

    def __init__(self, *args: Any, board: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sitting = BoardMember.objects.filter(board=board, ended_on__isnull=True).select_related("person")
        for name in ("head", "deputy"):
            field = self.fields[name]
            field.queryset = sitting  # type: ignore[attr-defined]
            field.label_from_instance = lambda m: m.person.full_name  # type: ignore[attr-defined]


class ClaimPhoneForm(forms.Form):
    """The phone of a unit board's member elected without an account: the claim code goes to it."""

    phone = Text(label=_("Phone number"), max_length=20)

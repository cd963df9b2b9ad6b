"""Forms only parse input; the rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import Body
from danchu.core.forms import DayField, TypedIntegerField, skip_bad_rows_field
from danchu.places.models import Household, Place
from danchu.places.queries import sort_key

from . import rules
from .models import Audience, Channel, Comment, CommentGroup, Question

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    basis = forms.ChoiceField(label=_("Legal basis"), choices=())
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.ModelChoiceField(label=_("Consulting body"), queryset=Body.objects.none(), required=False)
    consulting_body = forms.CharField(label=_("Name of the consulting body"), max_length=255, required=False)
    draft = forms.FileField(label=_("Draft (DOCX or PDF)"))
    text_docx = forms.FileField(label=_("Text of the draft (DOCX), when the draft is a PDF"), required=False)
    audience = forms.ChoiceField(label=_("Who is consulted"), choices=Audience.choices)
    villages = forms.ModelMultipleChoiceField(
        label=_("Villages"), queryset=Place.objects.none(), required=False
    )
    households = forms.ModelMultipleChoiceField(
        label=_("Households"), queryset=Household.objects.none(), required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Channel.ONLINE],
    )

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = rules.choices()  # type: ignore[attr-defined]
        self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            place=place, kind__in=[Body.Kind.PEOPLES_COMMITTEE, Body.Kind.FATHERLAND_FRONT]
        )
        villages = Place.objects.filter(parent=place)
        households = Household.objects.filter(village__parent=place, is_active=True).select_related("village")
        self.fields["villages"].queryset = villages  # type: ignore[attr-defined]
        self.fields["households"].queryset = households  # type: ignore[attr-defined]
        # Shown in Vietnamese order of the villages' names ("Buôn Đắk" before "Thôn 1"), not by code;
        # the querysets above still decide what a submitted id may be.
        cast(forms.ChoiceField, self.fields["villages"]).choices = [
            (v.pk, v.name) for v in sorted(villages, key=sort_key)
        ]
        cast(forms.ChoiceField, self.fields["households"]).choices = [
            (h.pk, str(h)) for h in sorted(households, key=lambda h: (sort_key(h.village), h.number))
        ]


class OpenForm(forms.Form):
    opens_on = DayField(label=_("Opens on"), widget=DATE)
    closes_on = DayField(label=_("Closes on"), widget=DATE)


class CommentForm(forms.Form):
    paragraph = TypedIntegerField(label=_("Paragraph"), required=False, widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("Selected text"), max_length=1000, required=False, widget=forms.HiddenInput
    )
    stance = forms.ChoiceField(
        label=_("Stance"), choices=Comment.Stance.choices, initial=Comment.Stance.NEUTRAL
    )
    text = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class RecordForm(forms.Form):
    author_name = forms.CharField(label=_("Name of the person"), max_length=200)
    source = forms.ChoiceField(
        label=_("Received"),
        choices=[(s.value, s.label) for s in Comment.Source if s != Comment.Source.ONLINE],
    )
    paragraph = TypedIntegerField(label=_("Paragraph number"), required=False)
    stance = forms.ChoiceField(
        label=_("Stance"), choices=Comment.Stance.choices, initial=Comment.Stance.NEUTRAL
    )
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    meeting_item = forms.TypedChoiceField(
        label=_("At the village meeting"), coerce=int, empty_value=None, required=False, choices=()
    )

    def __init__(self, *args: Any, consultation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items: list[tuple[Any, Any]] = [("", _("— not a meeting recorded here —"))]
        if consultation is not None:
            from danchu.meetings.queries import comment_items

            for i in comment_items(consultation.place, consultation.opens_on, consultation.closes_on):
                items.append(
                    (i.pk, f"{i.meeting.meeting_day:%d/%m/%Y} · {i.meeting.village.name} · {i.title}")
                )
        cast(forms.TypedChoiceField, self.fields["meeting_item"]).choices = items


class MeetingCommentsForm(forms.Form):
    """The comments received at a village meeting, many at once: a file, or rows pasted from a sheet."""

    meeting_item = forms.TypedChoiceField(
        label=_("At the village meeting (for rows that name no item)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
    )
    file = forms.FileField(label=_("CSV or XLSX file"), required=False)
    rows = forms.CharField(
        label=_("Or paste the rows (with their header line)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    skip_bad = skip_bad_rows_field()

    def __init__(self, *args: Any, consultation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items: list[tuple[Any, Any]] = [("", "—")]
        if consultation is not None:
            from danchu.meetings.queries import comment_items

            for i in comment_items(consultation.place, consultation.opens_on, consultation.closes_on):
                label = f"#{i.pk} · {i.meeting.meeting_day:%d/%m/%Y} · {i.meeting.village.name} · {i.title}"
                items.append((i.pk, label))
        cast(forms.TypedChoiceField, self.fields["meeting_item"]).choices = items


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Substance of the group"), max_length=500)
    comments = forms.TypedMultipleChoiceField(label=_("Comments"), coerce=int, choices=())

    def __init__(self, *args: Any, comment_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(i, str(i)) for i in comment_ids]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=CommentGroup.Answer.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    reference = forms.CharField(label=_("Decision number and symbol"), max_length=80)
    decision = forms.CharField(
        label=_("Final decision"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    final_text = forms.CharField(
        label=_("Final text"), max_length=200000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReviseForm(forms.Form):
    docx = forms.FileField(label=_("New version of the text (DOCX)"))


def survey_form(questions: list[Question], data: Any = None) -> forms.Form:
    """The questionnaire as a form: one field per question."""
    form = forms.Form(data)
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == Question.Kind.TEXT:
            form.fields[name] = forms.CharField(
                label=q.text, max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        elif q.kind == Question.Kind.SCALE:
            form.fields[name] = forms.TypedChoiceField(
                label=q.text,
                coerce=int,
                widget=forms.RadioSelect,
                choices=[(i, str(i)) for i in range(1, q.scale_max + 1)],
            )
        else:
            form.fields[name] = forms.TypedChoiceField(
                label=q.text, coerce=int, widget=forms.RadioSelect, choices=list(enumerate(q.choices))
            )
    return form

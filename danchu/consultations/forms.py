"""Forms only parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Household, Place

from . import rules
from .models import Audience, Channel, Comment, CommentGroup, Question

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    basis = forms.ChoiceField(label=_("Legal basis"), choices=())
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consulting_body = forms.CharField(label=_("Consulting body"), max_length=255, required=False)
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
        self.fields["villages"].queryset = Place.objects.filter(parent=place)  # type: ignore[attr-defined]
        self.fields["households"].queryset = Household.objects.filter(  # type: ignore[attr-defined]
            village__parent=place, is_active=True
        ).select_related("village")


class OpenForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)


class CommentForm(forms.Form):
    paragraph = forms.IntegerField(label=_("Paragraph"), required=False, widget=forms.HiddenInput)
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
    paragraph = forms.IntegerField(label=_("Paragraph number"), required=False)
    stance = forms.ChoiceField(
        label=_("Stance"), choices=Comment.Stance.choices, initial=Comment.Stance.NEUTRAL
    )
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


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

"""The questionnaire of a draft survey: staff add, reword, reorder and remove questions (issue #11).
Each form posts to the page and comes back to it (htmx swaps only the questionnaire when present)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.core.access import access
from danchu.core.forms import TypedIntegerField, valid_form

from ..models import Question, Questionnaire, Survey
from ..permissions import survey_for
from ..services import questionnaires as svc
from ..services.surveys import QuestionInput

MANAGE = "consultations.surveys.manage"


class TitleForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    index_method = forms.ChoiceField(
        label=gettext_lazy("How the index is computed"), choices=Questionnaire.Index.choices
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=gettext_lazy("Choices (one per line, for a single choice)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scale_max = TypedIntegerField(
        label=gettext_lazy("Top of the scale"), min_value=2, max_value=10, initial=5, required=False
    )
    in_index = forms.BooleanField(label=gettext_lazy("Counted in the index"), required=False)

    def item(self) -> QuestionInput:
        d = self.cleaned_data
        return QuestionInput(
            kind=d["kind"],
            text=d["text"],
            choices=[line.strip() for line in d["choices"].splitlines() if line.strip()],
            scale_max=d["scale_max"] or 5,
            in_index=d["in_index"],
        )


class MoveForm(forms.Form):
    position = TypedIntegerField(
        label=gettext_lazy("Position in the questionnaire"), min_value=1, max_value=1000
    )


def _question_form(q: Question) -> QuestionForm:
    return QuestionForm(
        initial={
            "text": q.text,
            "kind": q.kind,
            "choices": "\n".join(q.choices),
            "scale_max": q.scale_max,
            "in_index": q.in_index,
        },
        prefix=f"q{q.pk}",
    )


@access(MANAGE)
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the editor. POST: `action` = title (rename, index method) or add (a new question)."""
    s = survey_for(request.user, pk, MANAGE)
    if request.method == "POST":
        if request.POST.get("action") == "title":
            d = valid_form(TitleForm(request.POST)).cleaned_data
            svc.questionnaire_retitle(actor=request.user, survey=s, **d)
            messages.success(request, _("The questionnaire was saved."))
        else:
            item = valid_form(QuestionForm(request.POST, prefix="new")).item()
            svc.question_add(actor=request.user, survey=s, item=item)
            messages.success(request, _("The question was added."))
        return redirect("consultations:survey_questionnaire", pk=s.pk)
    return _page(request, s)


def _page(request: HttpRequest, s: Survey) -> HttpResponse:
    s = Survey.objects.select_related("questionnaire", "place").get(pk=s.pk)
    questions = list(s.questionnaire.questions.all())
    locked = svc.is_open(s)
    context = {
        "s": s,
        "locked": locked,
        "title_form": TitleForm(
            initial={"title": s.questionnaire.title, "index_method": s.questionnaire.index_method}
        ),
        "questions": [(q, _question_form(q)) for q in questions],
        "new_form": QuestionForm(prefix="new"),
        "count": len(questions),
    }
    return render(request, "consultations/questionnaire.html", context)


@access(MANAGE)
@require_POST
def question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """`action` = update (reword, type, choices), move (to a position) or remove."""
    s = survey_for(request.user, pk, MANAGE)
    action = request.POST.get("action", "update")
    if action == "remove":
        svc.question_remove(actor=request.user, survey=s, question_id=question_pk)
        messages.success(request, _("The question was removed."))
    elif action == "move":
        d = valid_form(MoveForm(request.POST)).cleaned_data
        svc.question_move(actor=request.user, survey=s, question_id=question_pk, position=d["position"])
    else:
        item = valid_form(QuestionForm(request.POST, prefix=f"q{question_pk}")).item()
        svc.question_update(actor=request.user, survey=s, question_id=question_pk, item=item)
        messages.success(request, _("The question was saved."))
    return redirect("consultations:survey_questionnaire", pk=s.pk)

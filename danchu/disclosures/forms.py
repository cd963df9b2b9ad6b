from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import DayField, MomentField, TypedIntegerField
from danchu.places.fields import PlaceChoiceField, PlaceMultipleChoiceField
from danchu.places.models import Level, Place

from . import categories, search
from .models import Disclosure, Proof, Voice
from .services import Draft, ProofIn, Upload


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=search.QUERY_MAX, required=False)
    place = forms.CharField(label=_("Place code"), max_length=32, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    kind = forms.ChoiceField(
        label=_("Look in"),
        required=False,
        choices=[
            ("", _("disclosures and documents")),
            ("disclosure", _("disclosures")),
            ("document", _("documents")),
        ],
    )
    date_from = DayField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = DayField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = TypedIntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("all categories")),
            *categories.choices(),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("place") or "").strip()
        data["place_obj"] = None
        if code:
            place = Place.objects.filter(code=code).first()
            if place is None:
                self.add_error("place", _("There is no unit with the code %(code)s.") % {"code": code})
            data["place_obj"] = place
        since, until = data.get("date_from"), data.get("date_to")
        if since and until and since > until:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=2000, min_length=5, widget=forms.Textarea(attrs={"rows": 3})
    )


def rich_text(form: forms.Form) -> None:
    """Mark the body for the rich-text editor (static/disclosures/editor.js), with its button labels."""
    form.fields["body"].widget.attrs["data-rich-text"] = json.dumps(
        {
            "table": gettext("Insert a table"),
            "row": gettext("Add a row"),
            "column": gettext("Add a column"),
            "deleteRow": gettext("Delete the row"),
            "deleteColumn": gettext("Delete the column"),
            # The editor's own toolbar, named in the user's language (Quill names its buttons in
            # English and shows "Normal", "Heading 2" in its paragraph-style list).
            "tools": {
                "header": gettext("Paragraph style"),
                "header:2": gettext("Heading"),
                "header:3": gettext("Subheading"),
                "header:": gettext("Normal text"),
                "bold": gettext("Bold"),
                "italic": gettext("Italic"),
                "list:ordered": gettext("Numbered list"),
                "list:bullet": gettext("Bulleted list"),
                "blockquote": gettext("Quotation"),
                "link": gettext("Link"),
                "clean": gettext("Clear formatting"),
            },
        },
        ensure_ascii=False,
    )


class DisclosureForm(forms.Form):
    place = PlaceChoiceField(label=_("Issuing unit's place"), queryset=Place.objects.none())
    category = forms.ChoiceField(label=_("Category"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary (read on the loudspeaker and printed on the poster)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Tables, headings and lists with the editor's buttons. Without JavaScript, or for a text "
            "written before: Markdown (**bold**, *italic*, lists with -, tables) or HTML. Scripts are removed."
        ),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=1000,
        help_text=_("Documents are recognised, e.g. “Quyết định số 3162/QĐ-UBND ngày 20/12/2021”."),
    )
    issuing_unit = forms.CharField(label=_("Issuing unit"), required=False, max_length=255)
    villages = PlaceMultipleChoiceField(
        label=_("Only for these villages (leave empty for the whole commune)"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    voice = forms.ChoiceField(
        label=_("Loudspeaker voice"), required=False, choices=[("", _("the commune's voice")), *Voice.choices]
    )

    def __init__(
        self, *args: Any, places: list[Place], only_categories: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in places]
        cast(forms.ModelChoiceField, self.fields["place"]).queryset = Place.objects.filter(pk__in=ids)
        # A province's children are communes, not villages: only a commune addresses its villages.
        cast(forms.ModelMultipleChoiceField, self.fields["villages"]).queryset = Place.objects.filter(
            parent_id__in=ids, level=Level.VILLAGE
        )
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            c for c in categories.choices() if only_categories is None or c[0] in only_categories
        ]
        rich_text(self)
        if len(places) == 1:
            self.fields["place"].initial = places[0].pk

    @staticmethod
    def initial_for(d: Disclosure) -> dict[str, Any]:
        return {
            "place": d.place_id,
            "category": d.category,
            "title": d.title,
            "summary": d.summary,
            "body": d.body,
            "legal_basis": d.legal_basis,
            "issuing_unit": d.issuing_unit,
            "villages": list(d.villages.all()),
            "voice": d.voice,
        }


def draft_from(c: dict[str, Any]) -> Draft:
    return Draft(
        category=c["category"],
        title=c["title"],
        summary=c["summary"],
        body=c["body"],
        legal_basis=c["legal_basis"],
        issuing_unit=c["issuing_unit"],
        villages=list(c["villages"]),
        voice=c["voice"],
    )


class PublishForm(forms.Form):
    publish_at = MomentField(
        label=_("Publish at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    posting_start = DayField(
        label=_("Posted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    posting_end = DayField(
        label=_("Posted until (empty: the legal minimum)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    period_key = forms.CharField(
        label=_("Reporting period it fulfils (e.g. 2026-Q1)"), required=False, max_length=16
    )


class CorrectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Tables, headings and lists with the editor's buttons. Without JavaScript, or for a text "
            "written before: Markdown (**bold**, *italic*, lists with -, tables) or HTML. Scripts are removed."
        ),
    )
    note = forms.CharField(label=_("What does this correction change?"), max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rich_text(self)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal (shown publicly)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX or an image)"))


class ProofForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=Proof.Kind.choices)
    place = forms.ModelChoiceField(label=_("Where"), queryset=Place.objects.none())
    location = forms.CharField(
        label=_("Location (e.g. notice board of the cultural house)"), required=False, max_length=255
    )
    at = MomentField(label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    photo = forms.FileField(label=_("Photo of the notice board"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, commune: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["place"]).queryset = Place.objects.filter(
            pk=commune.pk
        ) | Place.objects.filter(parent=commune)
        self.fields["place"].initial = commune.pk
        self.fields["at"].initial = (
            timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
        )


def proof_from(c: dict[str, Any]) -> ProofIn:
    photo = c.get("photo")
    return ProofIn(
        kind=c["kind"],
        place=c["place"],
        at=c["at"],
        location=c["location"],
        note=c["note"],
        photo=Upload(file=photo, name=photo.name or "", size=photo.size or 0) if photo else None,
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Publish")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (for a rejection)"), required=False, max_length=500)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 3}))


class VoiceForm(forms.Form):
    voice = forms.ChoiceField(label=_("Loudspeaker voice of the commune"), choices=Voice.choices)

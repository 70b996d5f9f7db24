from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from district_site.core import photos
from district_site.documents.forms import clean_pdf, pdf_field, pdf_help
from district_site.news import richtext

from .models import Forum

COUNT_ERROR = _("Write a whole number of people, such as 35, or leave it empty if not known.")
WHEN_ERROR = _("Write the date and time as on a calendar, such as 2026-11-27 08:00.")


class ForumForm(forms.ModelForm):
    CONTENT = ["starts_at", "venue_km", "venue_en", "agenda_km", "agenda_en", "women", "men"]

    minutes_pdf = pdf_field(_("Minutes (PDF, optional)"), required=False)
    photo = forms.FileField(
        label=_("Add a photo (optional)"),
        required=False,
        help_text=_("A JPEG, PNG or WebP photo of at most 8 MB. It is resized for phones."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Forum
        fields = ["starts_at", "venue_km", "venue_en", "agenda_km", "agenda_en", "women", "men"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "agenda_km": forms.Textarea(attrs={"rows": 6}),
            "agenda_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "women": _("Fill in after the forum."),
            "men": _("Fill in after the forum."),
        }
        error_messages = {
            "starts_at": {"required": WHEN_ERROR, "invalid": WHEN_ERROR},
            "venue_km": {"required": _("Write where the forum takes place, in Khmer.")},
            "agenda_km": {"required": _("Write the agenda of the forum in Khmer.")},
            "women": {"invalid": COUNT_ERROR, "min_value": COUNT_ERROR},
            "men": {"invalid": COUNT_ERROR, "min_value": COUNT_ERROR},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.fields["agenda_km"].help_text = _(
            "Type plain text; an empty line starts a new paragraph. Bold, italic, lists and "
            "links are kept; anything else is removed."
        )
        self.fields["minutes_pdf"].help_text = pdf_help()
        for name in ("women", "men"):
            self.fields[name].widget.attrs["min"] = 0
        self.pdf_sizes = {}
        self.removed_unsafe = False

    def clean_starts_at(self):
        # In UTC, as the database gives it back: the revision diff compares values as text, and
        # the same moment written in Phnom Penh time would show as a change on every save.
        return self.cleaned_data["starts_at"].astimezone(UTC)

    def _clean_text(self, name):
        text = self.cleaned_data.get(name, "")
        if richtext.has_unsafe_parts(text):
            self.removed_unsafe = True
        return richtext.sanitize(text)

    def clean_agenda_km(self):
        text = self._clean_text("agenda_km")
        if not text:
            raise ValidationError(_("Write the agenda of the forum in Khmer."))
        return text

    def clean_agenda_en(self):
        return self._clean_text("agenda_en")

    def clean_minutes_pdf(self):
        return clean_pdf(self, "minutes_pdf")

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            photos.check_upload(upload)
        return upload

    def content(self):
        return {name: self.cleaned_data[name] for name in self.CONTENT}


class QuestionForm(forms.Form):
    """One question raised at the forum and its answer. Plain text: shown escaped."""

    question_km = forms.CharField(
        label=_("question in Khmer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    question_en = forms.CharField(
        label=_("question in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_km = forms.CharField(
        label=_("answer in Khmer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_en = forms.CharField(
        label=_("answer in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answered_by = forms.CharField(
        label=_("answered by"),
        required=False,
        max_length=200,
        help_text=_("Who answered, such as the district governor."),
    )

    def clean(self):
        data = super().clean()
        # An emptied row is removed; a row with an answer but no Khmer question is a mistake.
        if any(v.strip() for v in data.values()) and not data.get("question_km", "").strip():
            self.add_error(
                "question_km",
                _("Write the question in Khmer, or empty every box of this row to remove it."),
            )
        return data


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2)


def question_rows(formset):
    """The filled rows, in order, as stored in Forum.questions."""
    names = list(QuestionForm.base_fields)
    return [
        {name: form.cleaned_data.get(name, "").strip() for name in names}
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("question_km", "").strip()
    ]

from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from district_site.core import photos, richtext
from district_site.core.pdfs import clean_pdf, pdf_field, pdf_help
from tenants.visible_text import VisibleTextMixin

from .models import Forum

COUNT_ERROR = _("Write a whole number of people, such as 35, or leave it empty if not known.")
WHEN_ERROR = _("Write the date and time as on a calendar, such as 2026-11-27 08:00.")


class ForumForm(VisibleTextMixin, forms.ModelForm):
    """The announcement: when, where, what about. What happened at the forum is reported after
    its date, on ForumReportForm; an announcement asks nothing that is not known yet."""

    CONTENT = ["starts_at", "venue_km", "venue_en", "agenda_km", "agenda_en"]

    class Meta:
        model = Forum
        fields = ["starts_at", "venue_km", "venue_en", "agenda_km", "agenda_en"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "agenda_km": richtext.RichTextarea(attrs={"rows": 6}),
            "agenda_en": richtext.RichTextarea(attrs={"rows": 4}),
        }
        error_messages = {
            "starts_at": {"required": WHEN_ERROR, "invalid": WHEN_ERROR},
            "venue_km": {"required": _("Write where the forum takes place, in Khmer.")},
            "agenda_km": {"required": _("Write the agenda of the forum in Khmer.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.fields["agenda_km"].help_text = richtext.HELP
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
        if richtext.is_blank(text):
            raise ValidationError(_("Write the agenda of the forum in Khmer."))
        return text

    def clean_agenda_en(self):
        return self._clean_text("agenda_en")

    def content(self):
        return {name: self.cleaned_data[name] for name in self.CONTENT}

    def uploads(self):
        """The files sent with the form, for actions.create_forum and edit_forum."""
        return {}


class ForumReportForm(ForumForm):
    """After the forum: the announcement's fields, and who came, the minutes and photos (the
    questions raised are a formset beside it, forums.views_manage)."""

    CONTENT = [*ForumForm.CONTENT, "women", "men"]

    minutes_pdf = pdf_field(_("Minutes (PDF, optional)"), required=False)
    photo = photos.photo_field(_("Add a photo (optional)"), after=_("It is resized for phones."))

    class Meta(ForumForm.Meta):
        fields = [*ForumForm.Meta.fields, "women", "men"]
        error_messages = {
            **ForumForm.Meta.error_messages,
            "women": {"invalid": COUNT_ERROR, "min_value": COUNT_ERROR},
            "men": {"invalid": COUNT_ERROR, "min_value": COUNT_ERROR},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes_pdf"].help_text = pdf_help()
        for name in ("women", "men"):
            self.fields[name].widget.attrs["min"] = 0

    def clean_minutes_pdf(self):
        return clean_pdf(self, "minutes_pdf")

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            photos.check_upload(upload)
        return upload

    def uploads(self):
        return {
            "minutes": self.cleaned_data["minutes_pdf"],
            "minutes_size": self.pdf_sizes.get("minutes_pdf", 0),
            "photo": self.cleaned_data["photo"],
        }


class QuestionForm(VisibleTextMixin, forms.Form):
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

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from district_site.budget.models import Code
from district_site.core import photos
from district_site.core.pdfs import PdfField
from tenants.visible_text import VisibleTextMixin

from . import actions, budget_lines, gazetteer
from .models import Project, ProjectPhoto, check_point

DATE_WIDGET = {"type": "date"}
CODE_FORMAT = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use only Latin letters, digits, - and _ in the code, such as PRJ-2026-03."),
)
# Words of the citizens' URLs that a project code would hide (/projects/map/).
RESERVED_CODES = {"map"}


def _codes(kind):
    return [(code.code, code.label) for code in Code.objects.filter(kind=kind)]


class ProjectForm(VisibleTextMixin, forms.ModelForm):
    """Where, what, who and with what money. Communes and villages are only this district's;
    a code sent for another district's unit is refused, whatever the browser was made to send."""

    budget_line = forms.ChoiceField(
        label=_("Budget line paying for it"),
        required=False,
        help_text=_("A line of a published budget. Leave empty when no budget line pays for it."),
    )

    class Meta:
        model = Project
        fields = [
            name
            for name in Project.REVISION_FIELDS
            if name not in ("budget_year", "budget_line_key")
        ]
        widgets = {
            "description_km": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "planned_end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "actual_end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }
        help_texts = {
            "code": _("The district's own code for the project, such as PRJ-2026-03."),
            "latitude": _(
                "Optional. From a phone's map: press on the place and copy the first number."
            ),
            "longitude": _("Optional. The second number, such as 103.05."),
            "contract_amount": _("In riel, digits only."),
        }
        error_messages = {
            "code": {
                "required": _("Write the project's code."),
                "unique": _("Another project already has this code. Choose another."),
            },
            "name_km": {"required": _("Write the project's name in Khmer.")},
            "sector": {"required": _("Choose the sector.")},
            "funding_source": {"required": _("Choose where the money comes from.")},
            "commune_code": {"required": _("Choose the commune where the project is.")},
            "contract_amount": {"invalid": _("Write the amount in riel with digits only.")},
            "latitude": {"invalid": _("Write the latitude as a number, such as 13.51.")},
            "longitude": {"invalid": _("Write the longitude as a number, such as 103.02.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_errors = {
            "sector": _("Choose a sector from the list."),
            "funding_source": _("Choose a funding source from the list."),
            "commune_code": _("Choose a commune of this district from the list."),
            "village_code": _("Choose a village of this district from the list."),
            "budget_line": _("Choose a line of a published budget from the list."),
        }
        empty = [("", "---------")]
        self.fields["sector"] = forms.ChoiceField(
            label=_("sector"), choices=empty + _codes(Code.Kind.SECTOR)
        )
        self.fields["funding_source"] = forms.ChoiceField(
            label=_("funding source"), choices=empty + _codes(Code.Kind.SOURCE)
        )
        self.fields["commune_code"] = forms.ChoiceField(
            label=_("commune"), choices=empty + gazetteer.commune_choices()
        )
        self.fields["village_code"] = forms.ChoiceField(
            label=_("village"),
            required=False,
            choices=empty + gazetteer.village_choices(),
            help_text=_("Optional. It must be in the commune chosen above."),
        )
        self.fields["budget_line"].choices = empty + budget_lines.choices()
        for name, message in choice_errors.items():
            self.fields[name].error_messages["invalid_choice"] = message
        for name in ("sector", "funding_source", "commune_code"):
            self.fields[name].error_messages["required"] = self.Meta.error_messages[name][
                "required"
            ]
        self.fields["code"].validators.append(CODE_FORMAT)
        for name in ("start_date", "planned_end_date", "actual_end_date"):
            self.fields[name].error_messages["invalid"] = _(
                "Write the date as on a calendar, such as 2026-11-27."
            )
        if self.instance.budget_line_key:
            self.initial["budget_line"] = budget_lines.choice_value(
                self.instance.budget_year, self.instance.budget_line_key
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code.lower() in RESERVED_CODES:
            raise ValidationError(_("This code is a word the site uses. Choose another."))
        return code

    def clean(self):
        data = super().clean()
        commune, village = data.get("commune_code"), data.get("village_code")
        if commune and village and not village.startswith(commune):
            self.add_error("village_code", _("This village is not in the commune chosen above."))
        try:
            check_point(data.get("latitude"), data.get("longitude"))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        start, end = data.get("start_date"), data.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", _("The planned end comes before the start."))
        actual = data.get("actual_end_date")
        if start and actual and actual < start:
            self.add_error("actual_end_date", _("The actual end comes before the start."))
        if data.get("status") == Project.Status.COMPLETED and not actual:
            self.add_error("actual_end_date", _("Write when the works ended."))
        return data

    def content(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        year, _sep, key = (self.cleaned_data.get("budget_line") or "").partition("|")
        fields["budget_year"] = int(year) if year else None
        fields["budget_line_key"] = key
        return fields


class ProgressForm(VisibleTextMixin, forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={
            "required": _("Write the date of this progress report."),
            "invalid": _("Write the date as on a calendar, such as 2026-11-27."),
        },
    )
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("How much of the works is done, from 0 to 100."),
        error_messages={
            "required": _("Write the progress, from 0 to 100."),
            "invalid": _("Write the progress as a whole number from 0 to 100."),
            "min_value": _("Write the progress as a whole number from 0 to 100."),
            "max_value": _("Write the progress as a whole number from 0 to 100."),
        },
    )
    note_km = forms.CharField(
        label=_("Note in Khmer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, what is late and why. Required when progress goes down."),
    )
    note_en = forms.CharField(
        label=_("Note in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.initial.setdefault("date", timezone.localdate())
        for stage, label in ProjectPhoto.Stage.choices:
            self.fields[f"photo_{stage}"] = photos.photo_field(
                _("Photo: %(stage)s") % {"stage": label}, before=_("Optional.")
            )

    def clean(self):
        data = super().clean()
        for stage in ProjectPhoto.Stage.values:
            upload = data.get(f"photo_{stage}")
            if upload:
                try:
                    photos.check_upload(upload)
                except ValidationError as error:
                    self.add_error(f"photo_{stage}", error)
        if data.get("date") is not None and data.get("percent") is not None:
            try:
                actions.check_progress(
                    self.project, data["date"], data["percent"], data.get("note_km", "")
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data

    def photos_by_stage(self):
        return {stage: self.cleaned_data.get(f"photo_{stage}") for stage in ProjectPhoto.Stage}


class DocumentForm(VisibleTextMixin, forms.Form):
    title_km = forms.CharField(
        label=_("Title in Khmer"),
        max_length=200,
        error_messages={"required": _("Write the document's title in Khmer.")},
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    # The documents library's PDF field: one check (active content refused) for every PDF.
    file = PdfField(
        label=_("PDF file"),
        # settings.SROK_PDF_MAX_BYTES
        help_text=_("A PDF of at most 20 MB: contract, design, acceptance report."),
        error_messages={"required": _("Choose the PDF file.")},
    )

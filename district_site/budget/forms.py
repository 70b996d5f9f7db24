from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from tenants.visible_text import VisibleTextMixin

from . import history
from .importer import COLUMNS, MAX_BYTES, too_large
from .models import MAX_AMOUNT, QUARTERS, BudgetLine, Code, Direction


class YearForm(VisibleTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)


class UploadForm(VisibleTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        help_text=_("At most %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class PublishExecutionForm(VisibleTextMixin, forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("Executed amounts up to the end of"),
        coerce=int,
        choices=[(n, _("quarter %(n)d") % {"n": n}) for n in range(1, 5)],
    )


UNKNOWN = _("Unknown code “%(value)s”: choose one from the list.")


def _code_choices(kind, *, sub_only=False, blank=True):
    codes = Code.objects.filter(kind=kind)
    if sub_only:
        codes = codes.exclude(parent="")
    choices = [(c.code, c.label) for c in codes]
    return ([("", "—")] if blank else []) + choices


class LineForm(VisibleTextMixin, forms.ModelForm):
    """One draft line typed in the console. Codes are chosen from the district's own lists and
    checked again on save (a list may have changed since the form was shown); the line must not
    repeat another line of the draft, as in the Excel import."""

    class Meta:
        model = BudgetLine
        fields = ["direction", *COLUMNS[Direction.EXPENDITURE]]
        widgets = {
            "subprogramme": forms.Select,
            "economic": forms.Select,
            "sector": forms.Select,
            "source": forms.Select,
        }

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["subprogramme"].widget.choices = _code_choices(
            Code.Kind.PROGRAMME, sub_only=True
        )
        self.fields["subprogramme"].help_text = _("Expenditure lines only.")
        self.fields["economic"].widget.choices = _code_choices(Code.Kind.ECONOMIC)
        self.fields["sector"].widget.choices = _code_choices(Code.Kind.SECTOR)
        self.fields["source"].widget.choices = _code_choices(Code.Kind.SOURCE)
        for name in ("planned", "revised", *QUARTERS):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].max_value = MAX_AMOUNT
            # Ours replace the database column's bound, which would state a larger limit.
            self.fields[name].validators = [
                v for v in self.fields[name].validators if not isinstance(v, MaxValueValidator)
            ] + [
                MinValueValidator(0, message=_("An amount cannot be negative.")),
                MaxValueValidator(MAX_AMOUNT, message=too_large()),
            ]
        for name in QUARTERS:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        direction = data.get("direction")
        codes = {
            (c.kind, c.code): c
            for c in Code.objects.filter(
                code__in=[data.get(n) for n in ("subprogramme", "economic", "sector", "source")]
            )
        }

        def check(name, kind, *, required):
            value = data.get(name) or ""
            if not value:
                if required:
                    self.add_error(name, _("The code is missing."))
                return None
            code = codes.get((kind, value))
            if code is None or (name == "subprogramme" and not code.parent):
                self.add_error(name, UNKNOWN % {"value": value})
                return None
            return code

        sub = check(
            "subprogramme", Code.Kind.PROGRAMME, required=direction == Direction.EXPENDITURE
        )
        economic = check("economic", Code.Kind.ECONOMIC, required=True)
        check("sector", Code.Kind.SECTOR, required=False)
        check("source", Code.Kind.SOURCE, required=True)
        if economic and direction and economic.direction not in ("", direction):
            if economic.direction == Direction.REVENUE:
                self.add_error("economic", _("This chapter is for revenue lines."))
            else:
                self.add_error("economic", _("This chapter is for expenditure lines."))
        if direction == Direction.REVENUE and data.get("subprogramme"):
            self.add_error("subprogramme", _("Revenue lines have no sub-programme."))
        data["programme"] = sub.parent if sub else ""
        for name in QUARTERS:
            if data.get(name) is None:
                data[name] = 0
        if not self.errors:
            key = history.line_key({**data, "activity": data.get("activity") or ""})
            others = self.budget.lines.exclude(pk=self.instance.pk)
            if any(history.line_key(_as_dict(line)) == key for line in others):
                raise forms.ValidationError(
                    _("The draft already has this line (same codes and Khmer name).")
                )
        return data

    def line_data(self):
        """The cleaned values to store, the programme derived from the sub-programme."""
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "programme"]}


def _as_dict(line):
    return {name: getattr(line, name) for name in history.FROZEN_FIELDS}

"""Officers' side of the budget: template, import, draft, publication. Every view goes through
the console's one gate (manage.roles.officer_required): every officer prepares the draft, only a
publisher or the district administrator publishes."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from district_site.manage.roles import PUBLISHERS, can_publish, officer_required

from . import actions, figures, history
from .forms import LineForm, PublishExecutionForm, UploadForm, YearForm
from .importer import BudgetFileError, build_template
from .models import Budget, BudgetLine, Code

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@officer_required()
def budget_list(request):
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = actions.open_budget(form.cleaned_data["year"], actor=request.user)
        return redirect("budget_manage:draft", year=budget.year)
    return render(
        request,
        "budget/manage/list.html",
        {"budgets": Budget.objects.prefetch_related("versions"), "form": form},
    )


@officer_required()
def template_download(request, year):
    """The template for ``year``, filled with the draft's lines when it has any."""
    budget = Budget.objects.filter(year=year).first()
    lines = history.frozen_lines(budget.lines.all()) if budget else []
    data = build_template(year=year, district_code=request.tenant.code, lines=lines)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="budget-{request.tenant.code}-{year}.xlsx"'
    )
    return response


@officer_required()
def draft(request, year):
    """The year's draft: budget import, lines, execution import, publication. The two uploads
    post here, told apart by the name of their submit button."""
    budget = get_object_or_404(Budget, year=year)
    execution = "execution" in request.POST
    form = UploadForm(
        None if execution else request.POST or None, None if execution else request.FILES or None
    )
    execution_form = UploadForm(
        request.POST if execution else None,
        request.FILES if execution else None,
        prefix="execution",
    )
    problems = []
    execution_problems = []
    status = 200
    if request.method == "POST":
        bound = execution_form if execution else form
        act = actions.import_execution if execution else actions.import_budget
        if bound.is_valid():
            try:
                count = act(budget, bound.cleaned_data["file"], actor=request.user)
            except BudgetFileError as error:
                if execution:
                    execution_problems = error.problems
                else:
                    problems = error.problems
                status = 400
            else:
                if execution:
                    message = _(
                        "Executed amounts of %(count)d lines imported. Check them, then "
                        "publish the report."
                    )
                else:
                    message = _("%(count)d lines imported. Check them, then publish.")
                messages.success(request, message % {"count": count})
                return redirect("budget_manage:draft", year=year)
        else:
            status = 400
    rows = list(budget.lines.order_by("direction", "position", "pk"))
    lines = history.frozen_lines(rows)
    # A funding source by its name: its code is the database's, not the officers'.
    sources = {c.code: c.name for c in Code.objects.filter(kind=Code.Kind.SOURCE)}
    return render(
        request,
        "budget/manage/draft.html",
        {
            "budget": budget,
            "form": form,
            "execution_form": execution_form,
            "problems": problems,
            "execution_problems": execution_problems,
            "lines": [
                {
                    **line,
                    "pk": row.pk,
                    "executed": figures.executed(line),
                    "source_name": sources.get(line["source"], line["source"]),
                }
                for row, line in zip(rows, lines, strict=True)
            ],
            "glance": figures.year_at_a_glance(lines),
            "can_publish": can_publish(request.user),
            "latest": budget.latest_version,
            "latest_execution": budget.latest_execution,
            "quarter_form": PublishExecutionForm(),
        },
        status=status,
    )


@officer_required()
def line_add(request, year):
    budget = get_object_or_404(Budget, year=year)
    return _line_form(request, budget, BudgetLine(budget=budget))


@officer_required()
def line_edit(request, year, pk):
    budget = get_object_or_404(Budget, year=year)
    return _line_form(request, budget, get_object_or_404(BudgetLine, budget=budget, pk=pk))


def _line_form(request, budget, line):
    form = LineForm(request.POST or None, instance=line, budget=budget)
    if request.method == "POST" and form.is_valid():
        if line.pk:
            actions.edit_line(line, form.line_data(), actor=request.user)
            messages.success(request, _("The line is saved in the draft."))
        else:
            actions.add_line(budget, form.line_data(), actor=request.user)
            messages.success(request, _("The line is added to the draft."))
        return redirect("budget_manage:draft", year=budget.year)
    return render(
        request,
        "budget/manage/line.html",
        {"budget": budget, "line": line, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@officer_required()
def line_delete(request, year, pk):
    budget = get_object_or_404(Budget, year=year)
    line = get_object_or_404(BudgetLine, budget=budget, pk=pk)
    actions.delete_line(line, actor=request.user)
    messages.success(request, _("The line is removed from the draft."))
    return redirect("budget_manage:draft", year=year)


@dataclass(frozen=True)
class Publication:
    """What the one publish view needs to know of a kind of version."""

    # act(budget, actor=..., **form.cleaned_data) -> the new version
    act: Callable
    # The success message, filled with the version's number and the year.
    published: str
    # What the publisher chooses besides the year (the budget: nothing).
    form_class: type = forms.Form
    invalid: str = ""


PUBLICATIONS = {
    "budget": Publication(
        actions.publish_budget, gettext_lazy("Version %(number)d of the %(year)d budget is public.")
    ),
    "execution": Publication(
        actions.publish_execution,
        gettext_lazy("Version %(number)d of the %(year)d execution report is public."),
        form_class=PublishExecutionForm,
        invalid=gettext_lazy("Choose a quarter from 1 to 4."),
    ),
}


@require_POST
@officer_required(PUBLISHERS)
def publish(request, year, kind):
    """Publish the year's next version of ``kind``, a key of PUBLICATIONS (urls_manage.py gives
    each URL its kind). What the action refuses is shown on the draft, as is the new version."""
    publication = PUBLICATIONS[kind]
    budget = get_object_or_404(Budget, year=year)
    form = publication.form_class(request.POST)
    if not form.is_valid():
        messages.error(request, publication.invalid)
        return redirect("budget_manage:draft", year=year)
    try:
        version = publication.act(budget, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, publication.published % {"number": version.number, "year": year})
    return redirect("budget_manage:draft", year=year)

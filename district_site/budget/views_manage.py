"""Officers' side of the budget: template, import, draft, publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.models import OfficerRole

from . import actions, figures, history
from .forms import LineForm, PublishExecutionForm, UploadForm, YearForm
from .importer import BudgetFileError, build_template
from .models import Budget, BudgetLine

PUBLISHERS = [OfficerRole.DISTRICT_ADMIN, OfficerRole.PUBLISHER]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_publish(user):
    return user.groups.filter(name__in=PUBLISHERS).exists()


@login_required
def budget_list(request):
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = actions.open_budget(form.cleaned_data["year"], by=request.user)
        return redirect("budget_manage:draft", year=budget.year)
    return render(
        request,
        "budget/manage/list.html",
        {"budgets": Budget.objects.prefetch_related("versions"), "form": form},
    )


@login_required
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


@login_required
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
                count = act(budget, bound.cleaned_data["file"], by=request.user)
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
                {**line, "pk": row.pk, "executed": figures.executed(line)}
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


@login_required
def line_add(request, year):
    budget = get_object_or_404(Budget, year=year)
    return _line_form(request, budget, BudgetLine(budget=budget))


@login_required
def line_edit(request, year, pk):
    budget = get_object_or_404(Budget, year=year)
    return _line_form(request, budget, get_object_or_404(BudgetLine, budget=budget, pk=pk))


def _line_form(request, budget, line):
    form = LineForm(request.POST or None, instance=line, budget=budget)
    if request.method == "POST" and form.is_valid():
        if line.pk:
            actions.edit_line(line, form.line_data(), by=request.user)
            messages.success(request, _("The line is saved in the draft."))
        else:
            actions.add_line(budget, form.line_data(), by=request.user)
            messages.success(request, _("The line is added to the draft."))
        return redirect("budget_manage:draft", year=budget.year)
    return render(
        request,
        "budget/manage/line.html",
        {"budget": budget, "line": line, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def line_delete(request, year, pk):
    budget = get_object_or_404(Budget, year=year)
    line = get_object_or_404(BudgetLine, budget=budget, pk=pk)
    actions.delete_line(line, by=request.user)
    messages.success(request, _("The line is removed from the draft."))
    return redirect("budget_manage:draft", year=year)


@require_POST
@login_required
def publish_execution(request, year):
    if not can_publish(request.user):
        raise PermissionDenied
    budget = get_object_or_404(Budget, year=year)
    form = PublishExecutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quarter from 1 to 4."))
        return redirect("budget_manage:draft", year=year)
    try:
        version = actions.publish_execution(budget, form.cleaned_data["quarter"], by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)d of the %(year)d execution report is public.")
            % {"number": version.number, "year": year},
        )
    return redirect("budget_manage:draft", year=year)


@require_POST
@login_required
def publish(request, year):
    if not can_publish(request.user):
        raise PermissionDenied
    budget = get_object_or_404(Budget, year=year)
    try:
        version = actions.publish_budget(budget, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)d of the %(year)d budget is public.")
            % {"number": version.number, "year": year},
        )
    return redirect("budget_manage:draft", year=year)

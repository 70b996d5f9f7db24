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
from .forms import UploadForm, YearForm
from .importer import BudgetFileError, build_template
from .models import Budget

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
    budget = get_object_or_404(Budget, year=year)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            count = actions.import_budget(budget, form.cleaned_data["file"], by=request.user)
        except BudgetFileError as error:
            problems = error.problems
            status = 400
        else:
            messages.success(
                request,
                _("%(count)d lines imported. Check them, then publish.") % {"count": count},
            )
            return redirect("budget_manage:draft", year=year)
    lines = history.frozen_lines(budget.lines.all())
    return render(
        request,
        "budget/manage/draft.html",
        {
            "budget": budget,
            "form": form,
            "problems": problems,
            "lines": [{**line, "executed": figures.executed(line)} for line in lines],
            "glance": figures.year_at_a_glance(lines),
            "can_publish": can_publish(request.user),
            "latest": budget.latest_version,
        },
        status=status,
    )


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

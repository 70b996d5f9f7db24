"""The provincial console: onboard districts, run their lifecycle, see who publishes what.
Views parse the request and call ``tenants.actions``; nothing here changes data directly."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_tenants.utils import schema_context

from platform_site.security import allow_form_targets
from tenants import actions, redirects, spreadsheets, support
from tenants.actions import PROVINCIAL_ADMIN_GROUP
from tenants.gazetteer.models import AdministrativeUnit
from tenants.links import district_url
from tenants.models import District, Domain, OfficerRole

from . import bulk as bulk_work
from . import presentation
from .forms import (
    ConsoleLoginForm,
    DomainForm,
    GazetteerSearchForm,
    InviteOfficerForm,
    OnboardingForm,
    SpreadsheetForm,
    SuspendForm,
)
from .scorecard import scorecard_rows


def is_provincial_admin(user):
    return (
        user.is_active
        and user.is_verified()
        and user.groups.filter(name=PROVINCIAL_ADMIN_GROUP).exists()
    )


provincial_admin_required = user_passes_test(is_provincial_admin, login_url="console:login")
# After logging in, ?next= may only lead back into the console, in either language.
CONSOLE_PREFIXES = ("/console/", "/en/console/")


class LogoutView(redirects.SafeNextMixin, auth_views.LogoutView):
    next_page = "console:login"


def login(request):
    form = ConsoleLoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user)
        otp_login(request, form.device)
        # A hostile ?next= falls back to the console's first page (tenants.redirects).
        return redirect(
            redirects.next_from(request, "console:districts", prefixes=CONSOLE_PREFIXES)
        )
    return render(request, "console/login.html", {"form": form})


@provincial_admin_required
def districts(request):
    key, descending = presentation.parse_sort(request.GET.get("sort"))
    rows = presentation.with_last_update(scorecard_rows())
    rows = presentation.sorted_rows(rows, key, descending)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="srok-scorecard.csv"'
        response.write("\ufeff")  # Excel reads Khmer correctly only with the BOM
        writer = spreadsheets.CsvWriter(response)
        writer.writerow([str(column.label) for column in presentation.CSV_COLUMNS])
        for row in rows:
            writer.writerow(
                [
                    presentation.csv_value(row.get(column.key), column.kind)
                    for column in presentation.CSV_COLUMNS
                ]
            )
        return response
    groups, headings = presentation.headings(key, descending)
    return render(
        request,
        "console/districts.html",
        {
            "groups": groups,
            "headings": headings,
            "table": presentation.table(rows, key, descending),
            "charts": presentation.on_time_by_province(rows),
            "sort": f"{'-' if descending else ''}{key}",
            "rules": presentation.ON_TIME_RULES,
        },
    )


@provincial_admin_required
def onboard(request):
    """The wizard: find the district in the gazetteer, give its domain and first officer,
    confirm. Each step posts what it knows forward; nothing is stored until the last."""
    search = GazetteerSearchForm(request.GET or None)
    matches = []
    if search.is_valid() and search.cleaned_data["q"]:
        q = search.cleaned_data["q"].strip()
        onboarded = District.objects.values_list("code", flat=True)
        matches = (
            AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT)
            .filter(Q(code__startswith=q) | Q(name_km__icontains=q) | Q(name_latin__icontains=q))
            .exclude(code__in=onboarded)
            .select_related("parent")[:20]
        )
    unit = None
    form = None
    confirm = False
    code = request.POST.get("code") or request.GET.get("code")
    if code:
        unit = get_object_or_404(
            AdministrativeUnit, code=code, level=AdministrativeUnit.Level.DISTRICT
        )
        form = OnboardingForm(request.POST or None, initial={"code": code})
        if request.method == "POST" and form.is_valid():
            if request.POST.get("confirmed") == "yes":
                try:
                    district = actions.onboard_district(
                        code=code,
                        official_domain=form.cleaned_data["official_domain"],
                        officer_email=form.cleaned_data["officer_email"],
                        actor=request.user.email,
                    )
                except ValidationError as exc:
                    _attach_errors(form, exc)
                else:
                    messages.success(request, _("%(name)s is online.") % {"name": district.name})
                    return redirect("console:district", code=district.code)
            else:
                # The same checks as the last step's, now: a taken or malformed domain is
                # refused on the form where it was typed.
                problems = actions.onboarding_problems(
                    code=code,
                    official_domain=form.cleaned_data["official_domain"],
                    officer_email=form.cleaned_data["officer_email"],
                )
                if problems:
                    _attach_errors(form, ValidationError(problems))
                else:
                    confirm = True
    return render(
        request,
        "console/onboard.html",
        {"search": search, "matches": matches, "unit": unit, "form": form, "confirm": confirm},
    )


@provincial_admin_required
def bulk(request):
    """Invite officers for many districts, or onboard several districts, from a spreadsheet;
    what is all-or-nothing, and why, is in ``console/bulk.py``."""
    kind = request.POST.get("kind")
    forms = {
        "invite": SpreadsheetForm(
            request.POST if kind == "invite" else None,
            request.FILES if kind == "invite" else None,
            prefix="invite",
        ),
        "onboard": SpreadsheetForm(
            request.POST if kind == "onboard" else None,
            request.FILES if kind == "onboard" else None,
            prefix="onboard",
        ),
    }
    context = {
        "forms": forms,
        "kind": kind,
        "lines": None,
        "file_problems": [],
        "max_onboardings": bulk_work.MAX_ONBOARDINGS,
    }
    form = forms.get(kind)
    if request.method == "POST" and form is not None and form.is_valid():
        actor = request.user.email
        try:
            if kind == "invite":
                lines = bulk_work.read_rows(form.cleaned_data["file"], width=3)
                context["invited"] = bulk_work.invite_officers(lines, actor=actor)
            else:
                lines = bulk_work.read_rows(form.cleaned_data["file"], width=3)
                bulk_work.onboard_districts(lines, actor=actor)
                context["done_count"] = sum(1 for line in lines if line.outcome == "done")
            context["lines"] = lines
        except bulk_work.SpreadsheetError as exc:
            context["file_problems"] = exc.problems
        except ValidationError as exc:
            context["file_problems"] = exc.messages
    return render(request, "console/bulk.html", context)


def _attach_errors(form, exc):
    # The code is a hidden field: its problems are shown above the form.
    visible = {field.name for field in form.visible_fields()}
    for field, problems in exc.message_dict.items():
        form.add_error(field if field in visible else None, problems)


@provincial_admin_required
def district_detail(request, code):
    district = get_object_or_404(District.objects.prefetch_related("domains"), code=code)
    with schema_context(district.schema_name):
        officers = list(get_user_model().objects.order_by("username").prefetch_related("groups"))
    for officer in officers:
        # The role by its name ("Publisher"), never the group's stored value ("publisher").
        officer.role_labels = [
            OfficerRole(group.name).label
            for group in officer.groups.all()
            if group.name in OfficerRole.values
        ]
    response = render(
        request,
        "console/district.html",
        {
            "district": district,
            "officers": officers,
            "domain_form": DomainForm(),
            "officer_form": InviteOfficerForm(),
            "events": district.audit_events.all()[:20],
        },
    )
    # "Enter as support" posts here and is redirected to the district's own host.
    return allow_form_targets(response, district_url(district, "/"))


@provincial_admin_required
def suspend(request, code):
    """Suspending takes a public site offline: a page of its own that says what follows and
    asks for the reason, never a one-click button beside "enter as support"."""
    district = get_object_or_404(District, code=code)
    if district.status != District.Status.ACTIVE:
        return redirect("console:district", code=district.code)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.suspend_district(
                district, actor=request.user.email, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is suspended.") % {"name": district.name})
            return redirect("console:district", code=district.code)
    return render(request, "console/suspend.html", {"district": district, "form": form})


@require_POST
@provincial_admin_required
def district_action(request, code, action):
    district = get_object_or_404(District, code=code)
    actor = request.user.email
    try:
        if action == "resume":
            actions.resume_district(district, actor=actor)
        elif action == "archive":
            actions.archive_district(district, actor=actor)
        elif action == "add-domain":
            form = DomainForm(request.POST)
            if form.is_valid():
                actions.add_domain(district, form.cleaned_data["domain"], actor=actor)
        elif action in ("remove-domain", "primary-domain"):
            domain = get_object_or_404(Domain, tenant=district, pk=request.POST.get("domain"))
            if action == "remove-domain":
                actions.remove_domain(domain, actor=actor)
            else:
                actions.make_primary_domain(domain, actor=actor)
        elif action == "invite":
            form = InviteOfficerForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            actions.invite_officer(district, actor=actor, **form.cleaned_data)
        elif action == "disable-officer":
            actions.disable_officer(district, email=request.POST.get("email"), actor=actor)
        elif action == "enable-officer":
            actions.enable_officer(district, email=request.POST.get("email"), actor=actor)
        elif action == "support":
            return redirect(support.issue_handover(district, admin_email=actor))
        else:
            return HttpResponse(status=404)
    except ValidationError as exc:
        for problem in exc.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("Done."))
    return redirect("console:district", code=district.code)

"""Officers' side of the One Window Service Office's list."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from district_site.manage import editing
from district_site.manage.roles import PUBLISHERS, officer_required
from district_site.revisions import actions as revisions

from .forms import ServiceForm
from .models import Service


@officer_required()
def service_list(request):
    return render(request, "services/manage/list.html", {"services": Service.objects.all()})


@officer_required()
def service_create(request):
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = Service(**form.content())
        editing.save_new(request, service)
        return redirect(service.get_manage_url())
    return render(request, "services/manage/form.html", {"form": form, "service": None})


@officer_required()
def service_edit(request, pk):
    service = get_object_or_404(Service, pk=pk)
    form = ServiceForm(request.POST or None, instance=Service.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        editing.save_edit(request, service, form.content())
        return redirect(service.get_manage_url())
    return render(
        request,
        "services/manage/form.html",
        {"form": form, "service": service, **editing.edit_context(request, service)},
    )


@officer_required(PUBLISHERS)
def service_delete(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if request.method == "POST":
        revisions.delete(service, by=request.user)
        messages.success(request, _("The service was deleted."))
        return redirect("services_manage:list")
    return render(request, "services/manage/delete.html", {"service": service})


publish = editing.publish_view(Service, publish=True)
unpublish = editing.publish_view(Service, publish=False)

"""Citizens' page of the governor and council: Khmer at /council/, English at /en/council/."""

from django.shortcuts import render

from district_site.core.page_cache import cached_page

from .models import CouncilMember


@cached_page
def council_list(request):
    published = CouncilMember.objects.visible()
    current = list(published.current())
    former = published.exclude(pk__in=[member.pk for member in current]).order_by("-term_end")
    return render(request, "council/council_list.html", {"members": current, "former": former})

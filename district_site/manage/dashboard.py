"""The officer's own notices on the console's home (district_site.core.contributions): what
publishers decided on their changes, a sent-back change with the publisher's comment and a link
to the item to change it again."""

from django.core.exceptions import ObjectDoesNotExist

from district_site.revisions import actions as revisions

ORDER = 0


def section(request):
    reviews = list(revisions.reviews_for(request.user))
    for review in reviews:
        proposal = review.proposal
        try:
            item = proposal.content_type.get_object_for_this_type(pk=proposal.object_id)
        except ObjectDoesNotExist:
            item = None
        review.item_url = item.get_manage_url() if item is not None else ""
    return {"reviews": reviews} if reviews else None

"""A council member's photo reaches citizens when the member is published."""

from district_site.core.media_access import Files

from .models import CouncilMember

FILES = [Files(CouncilMember, "photo_renditions", lambda rows: rows.visible(), renditions=True)]

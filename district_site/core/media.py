"""The district's photo is on every page: its copies are always public (the upload is not)."""

from .media_access import Files
from .models import DistrictProfile

FILES = [Files(DistrictProfile, "photo_renditions", lambda rows: rows, renditions=True)]

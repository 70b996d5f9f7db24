"""Demo news for ``make run``: a few posts in Khmer and English, one with a photo drawn here
(no picture files are shipped). Invented for the demo, like the demo budget."""

from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from district_site.content.demo import create_published, from_row, jpeg, seed_once

from . import actions
from .models import NewsPost

BY = "Srok"  # the author the revisions name: the platform, as for default pages
# (category, days ago, title km, title en, body km, body en, with a photo?)
TEXTS = ("title_km", "title_en", "body_km", "body_en")

POSTS = [
    (
        NewsPost.Category.ACTIVITY,
        3,
        "ការប្រជុំផ្សព្វផ្សាយថវិកាឆ្នាំ ២០២៧ ជាមួយប្រជាពលរដ្ឋ",
        "Public meeting on the 2027 budget",
        "រដ្ឋបាលស្រុកបានរៀបចំកិច្ចប្រជុំជាមួយប្រជាពលរដ្ឋ និងមេឃុំទាំងអស់ "
        "ដើម្បីពន្យល់អំពីផែនការថវិកាឆ្នាំ ២០២៧ និងស្តាប់សំណូមពររបស់ពួកគាត់។\n\n"
        "ប្រជាពលរដ្ឋបានលើកឡើងពីតម្រូវការជួសជុលផ្លូវ និងអណ្តូងទឹកស្អាត។",
        "The district administration met citizens and commune chiefs to explain the 2027 "
        "budget plan and to hear their requests.\n\nCitizens asked above all for road repairs "
        "and clean water wells.",
        True,
    ),
    (
        NewsPost.Category.ANNOUNCEMENT,
        10,
        "ការិយាល័យច្រកចេញចូលតែមួយបើកសេវាថ្ងៃសៅរ៍",
        "One Window Service Office opens on Saturdays",
        "ចាប់ពីខែនេះតទៅ ការិយាល័យច្រកចេញចូលតែមួយបើកផ្តល់សេវារៀងរាល់ព្រឹកថ្ងៃសៅរ៍ ពីម៉ោង ៨ ដល់ម៉ោង ១១។",
        "From this month, the One Window Service Office is open every Saturday morning from "
        "8 to 11.",
        False,
    ),
    (
        NewsPost.Category.NEWS,
        24,
        "បញ្ចប់ការសាងសង់លូឆ្លងកាត់ផ្លូវភូមិ",
        "Village road culvert completed",
        "លូឆ្លងកាត់ផ្លូវថ្មីបានសាងសង់រួចរាល់ មុនរដូវវស្សា ដែលជួយឱ្យកសិករធ្វើដំណើរទៅទីផ្សារបានស្រួល។",
        "A new culvert under the village road was finished before the rainy season, so "
        "farmers can reach the market all year.",
        False,
    ),
    (
        NewsPost.Category.MEETING,
        40,
        "កិច្ចប្រជុំសាមញ្ញក្រុមប្រឹក្សាស្រុក",
        "Ordinary meeting of the district council",
        "ក្រុមប្រឹក្សាស្រុកបានអនុម័តរបាយការណ៍អនុវត្តថវិកាត្រីមាសទី ៣។",
        "The district council approved the third-quarter budget execution report.",
        False,
    ),
]


def _demo_photo():
    """A small landscape drawn in code: sky, fields and a road."""
    image = Image.new("RGB", (1200, 800), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 420, 1200, 800], fill=(92, 160, 70))
    draw.polygon([(520, 800), (680, 800), (620, 420), (590, 420)], fill=(170, 140, 100))
    draw.ellipse([950, 80, 1070, 200], fill=(250, 220, 90))
    return jpeg(image, "demo.jpg")


def seed(district):
    """Publish the demo posts once; a district that has any news is left alone."""

    def fill():
        now = timezone.now()
        for category, days_ago, *texts, photo in POSTS:
            publish_at = now - timedelta(days=days_ago)
            post = from_row(NewsPost, TEXTS, texts, category=category, publish_at=publish_at)
            photo = _demo_photo() if photo else None
            create_published(post, actions.create_post, photo=photo, actor=BY)

    seed_once(district, NewsPost, fill)

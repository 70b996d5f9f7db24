"""Two demo forums per demo district: one held (attendance, questions and answers, minutes)
and one announced, published through the same actions as an officer's work."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from district_site.content.demo import create_published, seed_once
from district_site.core import pdfs
from district_site.documents.demo import minimal_pdf

from . import actions
from .models import Forum

BY = "demo"
QUESTIONS = [
    {
        "question_km": "តើផ្លូវក្រួសក្រហមឃុំសំរោងនឹងជួសជុលនៅពេលណា?",
        "question_en": "When will the laterite road in Samraong be repaired?",
        "answer_km": "ការងារនឹងចាប់ផ្តើមក្រោយរដូវវស្សា ក្នុងខែធ្នូ។",
        "answer_en": "Work starts after the rainy season, in December.",
        "answered_by": "អភិបាលស្រុក",
    },
    {
        "question_km": "តើគ្រួសារក្រីក្រអាចស្នើសុំជំនួយនៅទីណា?",
        "question_en": "Where can poor households ask for aid?",
        "answer_km": "នៅការិយាល័យច្រកចេញចូលតែមួយ រៀងរាល់ថ្ងៃធ្វើការ។",
        "answer_en": "At the One Window Service Office, every working day.",
        "answered_by": "ប្រធានការិយាល័យសង្គមកិច្ច",
    },
]


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(district):
    """Give a demo district a held forum and an announced one, once."""

    def fill():
        data = minimal_pdf(f"{district.name_en}: minutes of the public forum")
        minutes = SimpleUploadedFile("minutes.pdf", data, "application/pdf")
        held = Forum(
            starts_at=_at(-60, 8),
            venue_km="សាលាស្រុក",
            venue_en="District hall",
            agenda_km="<p>របាយការណ៍ថវិកា និងគម្រោងវិនិយោគ</p><p>សំណួរ និងចម្លើយ</p>",
            agenda_en="<p>Budget report and investment projects</p><p>Questions and answers</p>",
            women=58,
            men=47,
            questions=QUESTIONS,
        )
        size = pdfs.check_pdf(minutes)
        create_published(held, actions.create_forum, minutes=minutes, minutes_size=size, actor=BY)
        announced = Forum(
            starts_at=_at(45, 8),
            venue_km="សាលាឃុំសំរោង",
            venue_en="Samraong commune hall",
            agenda_km="<p>ផែនការអភិវឌ្ឍន៍ឆ្នាំក្រោយ</p>",
            agenda_en="<p>Next year's development plan</p>",
        )
        create_published(announced, actions.create_forum, actor=BY)

    seed_once(district, Forum, fill)

"""A test district given everything the demo districts of ``make run`` get
(platform_site.demo.seed), through the same seeding contribution: each app's ``demo.py``."""

from district_site.core import contributions


def seed_demo(district):
    contributions.seed_demo(district)

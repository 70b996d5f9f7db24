"""Srok's database backend: django-tenants' PostgreSQL backend (``search_path`` per district),
with two changes that matter at thousands of schemas; see ``base``."""

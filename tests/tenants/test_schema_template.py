"""A new district's schema is a faithful copy of the migrated template."""

import re

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context

from tenants import schema_template
from tenants.schema_template import TEMPLATE_SCHEMA


def _ddl_of(schema):
    """The schema's DDL with its own name blanked out, as pg_dump prints it."""
    original = schema_template.TEMPLATE_SCHEMA
    try:
        schema_template.TEMPLATE_SCHEMA = schema
        ddl = schema_template._dump_schema_ddl()
    finally:
        schema_template.TEMPLATE_SCHEMA = original
    lines = [
        line
        for line in ddl.splitlines()
        if line
        and not line.startswith("--")
        and not schema_template.SERVER_ASSIGNED_OPTION.match(line)
    ]
    return re.sub(rf"\b{schema}\b", "SCHEMA", "\n".join(lines))


def test_a_new_districts_tables_are_identical_to_the_templates(make_district):
    district = make_district()

    assert _ddl_of(district.schema_name) == _ddl_of(TEMPLATE_SCHEMA)


def test_a_new_district_has_nothing_left_to_migrate(make_district):
    district = make_district()

    connection.set_schema(district.schema_name)
    try:
        executor = MigrationExecutor(connection)
        assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    finally:
        connection.set_schema_to_public()


def test_a_new_district_has_content_types_and_permissions_and_no_users(make_district):
    district = make_district()

    with schema_context(district.schema_name):
        assert ContentType.objects.filter(app_label="pages", model="page").exists()
        assert Permission.objects.filter(codename="change_page").exists()
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.count() == 0


def test_a_new_districts_ids_continue_after_the_copied_rows(make_district):
    district = make_district()

    with schema_context(district.schema_name):
        content_type = ContentType.objects.create(app_label="srok_test", model="probe")
        assert content_type.pk > ContentType.objects.exclude(pk=content_type.pk).latest("pk").pk


def test_the_template_is_refreshed_when_behind_and_never_holds_users():
    schema_template.refresh_template()

    assert schema_template.template_is_current()

"""``manage.py migrate_schemas`` skips current schemas, migrates the others in parallel, each
whole or not at all, resumes after being killed, and ``--check`` tells the truth.

Each test runs the real command in a subprocess against a database of real district schemas
(conftest.py); a migration is "added to the code" by installing the probe app
(probe/__init__.py) with one migration module or the next.
"""

import os
import re
import signal

import pytest
from django.core.management import get_commands
from django.db import connection
from django_tenants.utils import schema_context

PROBE_TABLE = "migration_probe_probe"


def has_table(cursor, schema, table=PROBE_TABLE):
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{table}"'])
    return cursor.fetchone()[0]


def has_column(cursor, schema, column="note"):
    cursor.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name = %s AND column_name = %s",
        [schema, PROBE_TABLE, column],
    )
    return cursor.fetchone() is not None


def recorded(cursor, schema, name):
    cursor.execute(
        f'SELECT 1 FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
        ["migration_probe", name],
    )
    return cursor.fetchone() is not None


def migration_rows(cursor, schemas):
    counts = {}
    for schema in schemas:
        cursor.execute(f'SELECT count(*), max(applied) FROM "{schema}".django_migrations')
        counts[schema] = cursor.fetchone()
    return counts


def applied_to(output, *, districts_only=False):
    """The schemas a run reported migrating, from its "[n] schema: Applying ..." lines."""
    schemas = re.findall(r"^\[\d+\] (\S+): Applying ", output, re.M)
    return [schema for schema in schemas if schema != "public" or not districts_only]


def test_the_command_everyone_runs_is_the_fast_one():
    """``migrate_schemas`` and ``migrate`` resolve to tenants' command, not the library's."""
    commands = get_commands()
    assert commands["migrate_schemas"] == "tenants"
    assert commands["migrate"] == "tenants"


def test_table_listing_names_only_the_current_schemas_tables(district_a):
    """Django's table listing, in a district, holds its tables and none of the public schema's;
    in public, the reverse."""
    with schema_context(district_a.schema_name), connection.cursor() as cursor:
        in_district = set(connection.introspection.table_names(cursor))
    with schema_context("public"), connection.cursor() as cursor:
        in_public = set(connection.introspection.table_names(cursor))
    assert {"pages_page", "django_migrations", "auth_user"} <= in_district
    assert "tenants_district" not in in_district
    assert {"tenants_district", "django_migrations", "auth_user"} <= in_public
    assert "pages_page" not in in_public


def test_a_run_with_nothing_to_apply_touches_no_schema_and_check_agrees(population):
    """With every schema current, the run says so and applies nothing: no schema gains a
    migration record; --check exits 0."""
    schemas = population.district_schemas()
    with population.cursor() as cursor:
        before = migration_rows(cursor, [*schemas, "public"])
    result = population.manage("migrate_schemas", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(schemas)} of {len(schemas)} schemas current; migrating 0." in result.stdout
    assert applied_to(result.stdout) == []
    with population.cursor() as cursor:
        assert migration_rows(cursor, [*schemas, "public"]) == before
    check = population.manage("migrate_schemas", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"All {len(schemas) + 1} schemas have every migration." in check.stdout


def test_a_migration_added_to_the_code_reaches_every_schema_with_its_content_types(population):
    """Before: --check fails and names every schema. After one run with two workers: every
    district schema has the new table, its migration record, its content type and its four
    permissions, and --check passes."""
    schemas = population.district_schemas()
    with population.cursor() as cursor:
        for schema in schemas:  # as the code stood before the probe app (other tests add it)
            cursor.execute(f'DROP TABLE IF EXISTS "{schema}".{PROBE_TABLE}')
        for schema in [*schemas, "public"]:
            cursor.execute(
                f"DELETE FROM \"{schema}\".django_migrations WHERE app = 'migration_probe'"
            )
    check = population.manage("migrate_schemas", "--check", probe="v1")
    assert check.returncode == 1
    # Public records every migration too, though a district app's tables are not made there.
    assert f"{len(schemas) + 1} of {len(schemas) + 1} schemas lack migrations." in check.stdout

    result = population.manage("migrate_schemas", "--noinput", "--workers", "2", probe="v1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(applied_to(result.stdout)) == sorted(["public", *schemas])
    with population.cursor() as cursor:
        for schema in schemas:
            assert has_table(cursor, schema), schema
            assert recorded(cursor, schema, "0001_initial"), schema
            cursor.execute(
                f'SELECT p.codename FROM "{schema}".auth_permission p'
                f' JOIN "{schema}".django_content_type ct ON ct.id = p.content_type_id'
                " WHERE ct.app_label = 'migration_probe' AND ct.model = 'probe'"
            )
            codenames = sorted(codename for (codename,) in cursor.fetchall())
            assert codenames == ["add_probe", "change_probe", "delete_probe", "view_probe"]
    assert population.manage("migrate_schemas", "--check", probe="v1").returncode == 0


def test_only_the_one_schema_behind_is_migrated(population):
    """One district missing the probe migration while the others have it: --check names that
    one only, and the run migrates it and no other."""
    schemas = population.district_schemas()
    first = population.manage("migrate_schemas", "--noinput", probe="v1")
    assert first.returncode == 0, first.stdout + first.stderr
    behind = schemas[len(schemas) // 2]
    with population.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{behind}".{PROBE_TABLE}')
        cursor.execute(f"DELETE FROM \"{behind}\".django_migrations WHERE app = 'migration_probe'")

    check = population.manage("migrate_schemas", "--check", probe="v1")
    assert check.returncode == 1
    assert f"{behind} lacks 1: migration_probe.0001_initial" in check.stdout
    assert f"1 of {len(schemas) + 1} schemas lack migrations." in check.stdout

    result = population.manage("migrate_schemas", "--noinput", probe="v1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert applied_to(result.stdout, districts_only=True) == [behind]
    assert f"{len(schemas) - 1} of {len(schemas)} schemas current; migrating 1" in result.stdout
    with population.cursor() as cursor:
        assert has_table(cursor, behind)
        assert recorded(cursor, behind, "0001_initial")


@pytest.mark.parametrize(
    ("stop", "workers"), [(signal.SIGKILL, "1"), (signal.SIGINT, "2")], ids=["killed", "ctrl-c"]
)
def test_a_run_stopped_midway_leaves_each_schema_whole_and_the_next_run_finishes_the_rest(
    population, stop, workers
):
    """v2 adds a column. The run is stopped once it reports its first district, by SIGKILL to
    the whole process group or by Ctrl-C (SIGINT to the group, with two workers): each schema
    then has both the column and its record or neither; --check names the rest; the next run
    migrates exactly those, and afterwards every schema has it. Ctrl-C ends with a message
    saying how many are left."""
    schemas = population.district_schemas()
    assert population.manage("migrate_schemas", "--noinput", probe="v1").returncode == 0
    with population.cursor() as cursor:
        for schema in schemas:  # back to v1, whatever order the tests ran in
            cursor.execute(f'ALTER TABLE "{schema}".{PROBE_TABLE} DROP COLUMN IF EXISTS note')
            cursor.execute(
                f'DELETE FROM "{schema}".django_migrations'
                " WHERE app = 'migration_probe' AND name IN ('0002_probe_note',"
                " '0003_probe_note_index')"
            )

    process = population.start("migrate_schemas", "--noinput", "--workers", workers, probe="v2")
    seen = []
    try:
        for line in process.stdout:
            seen.append(line)
            if applied_to(line, districts_only=True):
                os.killpg(process.pid, stop)
                break
        seen.append(process.stdout.read())
    finally:
        process.wait(timeout=60)
        process.stdout.close()
    output = "".join(seen)
    assert applied_to(output, districts_only=True), output
    assert process.returncode != 0
    if stop == signal.SIGINT:
        assert re.search(r"Interrupted: \d+ schemas migrated, \d+ left as they were", output)

    with population.cursor() as cursor:
        state = {
            schema: (has_column(cursor, schema), recorded(cursor, schema, "0002_probe_note"))
            for schema in schemas
        }
    assert set(state.values()) <= {(True, True), (False, False)}, state
    done = [schema for schema, (column, _) in state.items() if column]
    left = [schema for schema, (column, _) in state.items() if not column]
    assert done and left, state

    check = population.manage("migrate_schemas", "--check", probe="v2")
    assert check.returncode == 1
    assert f"{len(left)} of {len(schemas) + 1} schemas lack migrations." in check.stdout

    resumed = population.manage("migrate_schemas", "--noinput", "--workers", "2", probe="v2")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert sorted(applied_to(resumed.stdout, districts_only=True)) == sorted(left)
    with population.cursor() as cursor:
        assert all(has_column(cursor, schema) for schema in schemas)
    assert population.manage("migrate_schemas", "--check", probe="v2").returncode == 0


def test_a_migration_that_must_run_outside_a_transaction_reaches_every_schema(population):
    """v3 builds an index CONCURRENTLY (``atomic = False``): each schema gets it, applied one
    migration per transaction as Django does, and --check passes afterwards."""
    schemas = population.district_schemas()
    assert population.manage("migrate_schemas", "--noinput", probe="v2").returncode == 0
    with population.cursor() as cursor:
        for schema in [*schemas, "public"]:  # without v3, whatever order the tests ran in
            cursor.execute(f'DROP INDEX IF EXISTS "{schema}".probe_note')
            cursor.execute(
                f'DELETE FROM "{schema}".django_migrations'
                " WHERE app = 'migration_probe' AND name = '0003_probe_note_index'"
            )

    result = population.manage("migrate_schemas", "--noinput", "--workers", "2", probe="v3")
    assert result.returncode == 0, result.stdout + result.stderr
    with population.cursor() as cursor:
        for schema in schemas:
            assert has_table(cursor, schema, "probe_note"), schema
            assert recorded(cursor, schema, "0003_probe_note_index"), schema
    assert population.manage("migrate_schemas", "--check", probe="v3").returncode == 0

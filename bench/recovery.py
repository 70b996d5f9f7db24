"""``python -m bench.recovery [--scale 40] [--districts-from DBNAME]``: what point-in-time recovery
and the standby cost on this machine, for docs/operations.md ("Point-in-time recovery and the
standby").

On a throwaway PostgreSQL cluster of the machine's binaries (as tests/deploy/test_pgbackrest.py
makes one), with pgBackRest configured as the pgbackrest role configures it (zst, two processes,
a disk repository): pgbench fills a database of ``--scale`` (40 is about 600 MB), a full backup is
timed, pgbench writes for 20 s, and a restore to the moment after those writes is timed in two
parts (the files, then PostgreSQL replaying WAL up to the target). Then a standby made with
pg_basebackup streams from the primary, and the time from a commit on the primary to its row
being visible on the standby is measured 100 times: the recovery point when the primary is lost.

With ``--districts-from srok_bench_2000`` a database of districts that bench.districts built (on
DATABASE_URL's server) is copied into the cluster beside pgbench's before the backup, so that the
backup, the restore and the replay carry what a platform of that many districts is: some 78
relations and 150 files per district, where the file count more than the bytes may be what a
restore pays for. pgbench then only writes the 20 s of WAL to replay (``--scale 4`` is enough),
and no standby is made: a commit's lag to it does not depend on the catalogue.

Prints the figures; nothing passes or fails. In ``make bench`` it is the ``recovery`` section
(``python -m bench recovery``; scale 4 with ``--quick``); without the machine's PostgreSQL 15
binaries or pgBackRest (tests/prepare_machine.sh installs them) the section says so instead.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

from tests.deploy import pgcluster
from tests.deploy.roles import render

from . import machine, report

NAME = "recovery"
TITLE = "Point-in-time recovery and the standby, on a throwaway cluster"
SCALE = {False: 40, True: 4}
# What one step may take at 2,000 districts (a backup or a restore of 300,000 files, a start
# that syncs them all), where pgcluster's defaults suit a near-empty cluster.
LONG = 3600
# pg_dump locks every table it dumps in one transaction; a server of default settings has room
# for about 6,400 locks (max_locks_per_transaction 64 x max_connections 100), shared with
# everyone else on it, and a district has about 36 tables. Two groups are copied at once: each
# pg_dump spends most of its time reading the whole catalogue (some 15 s at 2,000 districts).
SCHEMAS_PER_DUMP = 50
DUMPS_AT_ONCE = 2


def timed(function, *arguments, **keywords):
    start = time.perf_counter()
    function(*arguments, **keywords)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=40, help="pgbench scale (40: about 600 MB)")
    parser.add_argument(
        "--districts-from",
        metavar="DBNAME",
        help="copy this database of districts from DATABASE_URL's server into the cluster too "
        "(e.g. srok_bench_2000, built by bench.districts)",
    )
    options = parser.parse_args()
    for line in _lines(_measured(options.scale, options.districts_from)):
        print(line)


def run(options):
    """``make bench``'s section."""
    missing = pgcluster.unavailable() or (
        None if shutil.which("pgbackrest") else "pgBackRest is not installed"
    )
    if missing:
        return report.Section(NAME, TITLE, f"Not measured: {missing}.")
    scale = SCALE[options.quick]
    figures = _measured(scale)
    body = "\n\n".join(
        [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on:",
            machine.as_markdown(
                [
                    *machine.describe(None),
                    ("PostgreSQL", f"{figures['version']}, a throwaway cluster"),
                    ("pgBackRest", figures["pgbackrest"]),
                ]
            ),
            f"`python -m bench.recovery --scale {scale}`: a PostgreSQL 15 cluster of the "
            "machine's binaries with the postgresql and pgbackrest roles' configuration (zst, two "
            "processes, a disk repository), filled by pgbench; a full backup; 20 s of pgbench "
            "writes; a restore to the moment after them (files, then start and WAL replay); then "
            "a standby by pg_basebackup, and 100 commits on the primary each timed until "
            "visible on the standby. docs/operations.md scales these to 210 districts; 2,000 are "
            "measured with --districts-from.",
            "\n".join(f"- {line}" for line in _lines(figures)),
        ]
    )
    return report.Section(NAME, TITLE, body)


def _measured(scale, districts_from=None):
    root = pgcluster.scratch_directory("srok-bench-recovery-")
    try:
        return _measure(root, scale, districts_from)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _lines(figures):
    lags = figures["lags"]
    copied = figures.get("districts")
    return [
        f"database (pgbench scale {figures['scale']}): {figures['size']}",
        *(
            [
                f"beside it, {copied['name']} copied from DATABASE_URL's server: "
                f"{copied['count']:,} districts, {copied['relations']:,} pg_class rows, "
                f"{copied['size']} (copied in {copied['seconds']:.0f} s); the cluster's data "
                f"directory {copied['files']:,} files, {copied['cluster_size']}"
            ]
            if copied
            else []
        ),
        f"full backup, zst, 2 processes, disk repository: {figures['backup']:.1f} s",
        f"WAL written by 20 s of pgbench (2 clients): {figures['wal']}",
        f"restore to a moment after those writes: files {figures['files']:.1f} s,"
        f" start and WAL replay {figures['replay']:.1f} s",
        *(
            [
                f"commit on the primary -> visible on the standby: median "
                f"{statistics.median(lags):.1f} ms, max {max(lags):.1f} ms over {len(lags)} commits"
            ]
            if lags
            else []
        ),
    ]


def _measure(root, scale, districts_from):
    conf = root / "pgbackrest.conf"
    env = {"PGBACKREST_CONFIG": str(conf)}
    primary = pgcluster.Cluster(root, "primary", env=env)
    for folder in ("log", "spool", "repo"):
        (root / folder).mkdir()
        if os.geteuid() == 0:
            shutil.chown(root / folder, pgcluster.OWNER, pgcluster.OWNER)
    conf.write_text(
        render(
            "pgbackrest",
            "pgbackrest.conf.j2",
            pgbackrest_log_path=str(root / "log"),
            pgbackrest_lock_path=str(root / "log"),
            pgbackrest_spool_path=str(root / "spool"),
            pgbackrest_disk_repo_path=str(root / "repo"),
            pgbackrest_pg_path=str(primary.data),
            pgbackrest_pg_port=primary.port,
            pgbackrest_pg_socket_path=str(root),
        )
    )
    if os.geteuid() == 0:
        shutil.chown(conf, pgcluster.OWNER, pgcluster.OWNER)
    primary.initdb(
        "\n"
        + render(
            "postgresql",
            "srok.conf.j2",
            postgresql_listen_addresses=[],
            postgresql_port=primary.port,
            postgresql_max_connections=20,
            postgresql_shared_buffers="64MB",
            postgresql_effective_cache_size="256MB",
        )
    )
    primary.start()
    pgbackrest = [shutil.which("pgbackrest"), "--stanza=srok"]
    pgcluster.run([*pgbackrest, "stanza-create"], primary.env)
    pgbench = [pgcluster.PG_BIN / "pgbench", "-h", root, "-p", primary.port, "-U", "postgres"]
    pgcluster.run([*pgbench, "-i", "-q", "-s", scale, "postgres"], primary.env)
    districts = copy_districts(districts_from, primary) if districts_from else None
    [(size,)] = primary.query("SELECT pg_size_pretty(pg_database_size('postgres'))")
    [(version,)] = primary.query("SHOW server_version")
    tool = pgcluster.run([pgbackrest[0], "version"], primary.env).stdout.strip()
    # The backup ends once its last WAL is archived, behind all the loading's WAL: let the
    # archive catch up first, as it has on a server that has been running.
    archive_caught_up(primary)
    backup = timed(pgcluster.run, [*pgbackrest, "--type=full", "backup"], primary.env, timeout=LONG)
    [(lsn_before,)] = primary.query("SELECT pg_current_wal_lsn()::text")
    pgcluster.run([*pgbench, "-T", "20", "-c", "2", "postgres"], primary.env)
    [(moment,)] = primary.query("SELECT clock_timestamp()::text")
    primary.query("CREATE TABLE after_the_moment AS SELECT 1")
    [(wal,)] = primary.query(
        "SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn))", [lsn_before]
    )
    pgcluster.run([*pgbackrest, "check"], primary.env)

    restored = pgcluster.Cluster(root, "restored", env=env)
    files = timed(
        pgcluster.run,
        [
            *pgbackrest,
            f"--pg1-path={restored.data}",
            "--type=time",
            f"--target={moment}",
            "--target-action=promote",
            "restore",
        ],
        primary.env,
        timeout=LONG,
    )
    start = time.perf_counter()
    restored.start("archive_mode=off", timeout=LONG)
    restored.wait_for("SELECT pg_is_in_recovery()", [(False,)], timeout=1800)
    replay = time.perf_counter() - start
    restored.stop()

    # A commit's lag to the standby does not depend on the catalogue; with a copied population
    # making the standby would cost minutes more (a base backup, a sync of every file) for it.
    lags = None if districts else standby_lags(root, primary, env)
    primary.stop()

    return {
        "scale": scale,
        "size": size,
        "backup": backup,
        "wal": wal,
        "files": files,
        "replay": replay,
        "lags": lags,
        "districts": districts,
        "version": version.split()[0],
        "pgbackrest": tool.removeprefix("pgBackRest "),
    }


def standby_lags(root, primary, env):
    standby = pgcluster.Cluster(root, "standby", env=env)
    pgcluster.run(
        [
            pgcluster.PG_BIN / "pg_basebackup",
            "-h",
            root,
            "-p",
            primary.port,
            "-U",
            "postgres",
            "-D",
            standby.data,
            "-R",
            "-X",
            "stream",
            # Not the default spread checkpoint: after a large load it takes minutes, and how
            # long the standby took to make is not what this measures.
            "--checkpoint=fast",
        ],
        primary.env,
        timeout=LONG,
    )
    standby.start("archive_mode=off", timeout=LONG)
    primary.query("CREATE TABLE lag (id int)")
    standby.wait_for("SELECT count(*) FROM pg_tables WHERE tablename = 'lag'", [(1,)])
    lags = streaming_lags(root, primary, standby)
    standby.stop()
    return lags


def copy_districts(dbname, cluster):
    """Copy the database ``dbname`` of DATABASE_URL's server into ``cluster``, under the same
    name, and say what it holds. One pg_dump of 2,000 districts would need some 72,000 locks
    (SCHEMAS_PER_DUMP), so the platform's own schema goes first, then the districts' schemas a
    group at a time (DUMPS_AT_ONCE), each group one pg_dump piped into pg_restore, in one
    transaction."""
    url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{dbname}"))
    started = time.perf_counter()
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM tenants_district ORDER BY schema_name")
        schemas = [name for (name,) in cursor.fetchall()]
    connection.close()
    cluster.query(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    groups = [[f"--exclude-schema={schema}" for schema in schemas]]
    groups += [
        [f"--schema={schema}" for schema in schemas[first : first + SCHEMAS_PER_DUMP]]
        for first in range(0, len(schemas), SCHEMAS_PER_DUMP)
    ]
    restore = [pgcluster.PG_BIN / "pg_restore", "--no-owner", "--no-privileges"]
    restore += ["--single-transaction", "-h", cluster.root, "-p", cluster.port, "-U", "postgres"]

    def copy(number):
        dump = subprocess.Popen(
            [pgcluster.PG_BIN / "pg_dump", "--format=custom", f"--dbname={url}", *groups[number]],
            stdout=subprocess.PIPE,
        )
        loaded = subprocess.run(
            [*map(str, restore), "-d", dbname], stdin=dump.stdout, capture_output=True, text=True
        )
        dump.stdout.close()
        if dump.wait() or loaded.returncode:
            raise RuntimeError(f"copying {dbname}, group {number} failed:\n{loaded.stderr}")
        print(f"  {dbname}: group {number + 1} of {len(groups)} copied", flush=True)

    copy(0)  # the platform's tables, which the districts' refer to
    with ThreadPoolExecutor(DUMPS_AT_ONCE) as pool:
        list(pool.map(copy, range(1, len(groups))))
    seconds = time.perf_counter() - started
    [(relations, size)] = query(
        cluster,
        dbname,
        "SELECT count(*), pg_size_pretty(pg_database_size(current_database())) FROM pg_class",
    )
    cluster.query("CHECKPOINT")
    [(cluster_size,)] = cluster.query(
        "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database"
    )
    files = sum(len(names) for _folder, _folders, names in os.walk(cluster.data))
    return {
        "name": dbname,
        "count": len(schemas),
        "relations": relations,
        "size": size,
        "seconds": seconds,
        "files": files,
        "cluster_size": cluster_size,
    }


def query(cluster, dbname, statement):
    connection = psycopg2.connect(
        host=str(cluster.root), port=cluster.port, user="postgres", dbname=dbname
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall()
    finally:
        connection.close()


def archive_caught_up(cluster):
    """Wait until every WAL segment written so far is archived."""
    [(segment,)] = cluster.query("SELECT pg_walfile_name(pg_current_wal_lsn())")
    cluster.query("SELECT pg_switch_wal()")
    cluster.wait_for(
        "SELECT last_archived_wal >= %s FROM pg_stat_archiver",
        [(True,)],
        timeout=LONG,
        params=[segment],
    )


def streaming_lags(root, primary, standby, commits=100):
    def connect(cluster):
        connection = psycopg2.connect(
            host=str(root), port=cluster.port, user="postgres", dbname="postgres"
        )
        connection.autocommit = True
        return connection

    writer, reader = connect(primary), connect(standby)
    lags = []
    try:
        for number in range(commits):
            with writer.cursor() as cursor:
                cursor.execute("INSERT INTO lag VALUES (%s)", [number])
            start = time.perf_counter()
            with reader.cursor() as cursor:
                while True:
                    cursor.execute("SELECT 1 FROM lag WHERE id = %s", [number])
                    if cursor.fetchone():
                        break
            lags.append((time.perf_counter() - start) * 1000)
    finally:
        writer.close()
        reader.close()
    return lags


if __name__ == "__main__":
    main()

"""The reviewed exceptions of tests/test_security_audit.py: each finding the audits may report
without failing, and why it is not a hole. Review an entry whenever the code it names changes;
delete it once the finding is gone. Add one only with a reason a reviewer can check.

Bandit findings are named by (path or folder prefix, test id), not by line, so that unrelated
edits do not move them; any other finding of that test in that file needs no new entry, so
keep prefixes narrow. ``# nosec`` comments are ignored (bandit runs with --ignore-nosec): every
exception is listed here, where it is reviewed.
"""

BANDIT_ALLOWED = {
    # --- benchmarks (make bench, on a developer's machine; never deployed) ----------------------
    ("bench/", "B404"): "the benchmarks start the project's own server and commands",
    ("bench/", "B603"): (
        "argument lists built from constants and the benchmark's own options, no shell; "
        "nothing from a request or a user reaches them"
    ),
    ("bench/", "B101"): "asserts check a benchmark's preconditions; they never guard a request",
    # --- deploy ----------------------------------------------------------------------------------
    ("deploy/gunicorn.conf.py", "B108"): (
        "worker_tmp_dir=/dev/shm holds gunicorn's worker heartbeat files, as gunicorn's own "
        "documentation advises; no data of ours is written there"
    ),
    # --- the officer manual -----------------------------------------------------------------------
    ("district_site/manage/views.py", "B308"): (
        "mark_safe() on manual.render(): the manual is a file of the repository, rendered by "
        "markdown-it with raw HTML off and then cleaned by nh3 to a short list of tags and "
        "attributes (district_site/manage/manual.py)"
    ),
    ("district_site/manage/views.py", "B703"): "the same mark_safe() as B308 above",
    # --- citizen pages kept per publication (core/page_cache.memo) ---------------------------
    ("district_site/core/views.py", "B308"): (
        "mark_safe() on the home page's sections as our own templates rendered them (autoescape "
        "on) and the page cache kept them for this publication: the HTML is what render() made, "
        "never text a reader or officer typed, unescaped"
    ),
    ("district_site/core/views.py", "B703"): "the same mark_safe() as B308 above",
    ("district_site/budget/views.py", "B308"): (
        "mark_safe() on a programme's tables as budget/includes/programme_tables.html rendered "
        "them (autoescape on), kept per publication like the home page's sections"
    ),
    ("district_site/budget/views.py", "B703"): "the same mark_safe() as B308 above",
    # --- open data ------------------------------------------------------------------------------
    ("district_site/opendata/xlsx.py", "B406"): (
        "xml.sax.saxutils.escape() escapes text the project writes into XLSX; nothing parses "
        "XML there (B406 is about parsing untrusted XML)"
    ),
    # --- the demo and the embedded database (development only) -----------------------------------
    ("platform_site/demo.py", "B105"): (
        "the demo's password, printed by `make run` and in the README on purpose; seed_demo "
        "refuses to run without SROK_DEVELOPMENT=1 (tests/platform_site/test_demo.py)"
    ),
    ("platform_site/embedded_db.py", "B105"): (
        "the embedded PostgreSQL listens on a unix socket inside the project's data folder "
        "only (no TCP), where it needs no password; production sets DATABASE_URL"
    ),
    ("platform_site/embedded_db.py", "B404"): "pg_ctl restarts the embedded server",
    ("platform_site/embedded_db.py", "B603"): (
        "pg_ctl from pgserver's own binaries, a fixed argument list and the data folder; no shell"
    ),
    # --- backups and the template schema --------------------------------------------------------
    ("tenants/backups/", "B105"): "'PGPASSWORD' is the name of libpq's variable, not a password",
    ("tenants/backups/", "B404"): "pg_dump, pg_restore and psql make and restore backups",
    ("tenants/backups/", "B603"): (
        "argument lists without a shell; schema names from a manifest must match _PLAIN_SCHEMA "
        "first, and the password goes through the environment, not the command line"
    ),
    ("tenants/ratelimit.py", "B608"): (
        "the only text put into the SQL is the module's constant table name; the key and the "
        "times are query parameters"
    ),
    ("district_site/visits/counting.py", "B608"): (
        "the table and column names put into the SQL are the module's constants and the schema "
        "name is quoted by connection.ops.quote_name; every path, query, week and count is a "
        "query parameter"
    ),
    # --- monitoring and alerts ------------------------------------------------------------------
    ("platform_site/alerts.py", "B310"): (
        "urlopen of SROK_ALERT_WEBHOOK_URL, an operator's setting (the environment file written by "
        "Ansible), never a value from a request"
    ),
    ("platform_site/certificates.py", "B404"): "openssl reads the certificates Caddy holds",
    ("platform_site/certificates.py", "B603"): (
        "a fixed argument list and a path found in Caddy's storage folder; no shell"
    ),
    ("platform_site/certificates.py", "B607"): (
        "openssl from the PATH of the systemd unit, which the unit sets; no user chooses it"
    ),
    ("platform_site/management/commands/notify_failure.py", "B404"): (
        "journalctl gives the failed unit's last lines to the alert"
    ),
    ("platform_site/management/commands/notify_failure.py", "B603"): (
        "a fixed argument list; the unit name comes from systemd's %n in OnFailure=, no shell"
    ),
    ("platform_site/management/commands/notify_failure.py", "B607"): (
        "journalctl from the systemd unit's PATH"
    ),
    ("tenants/schema_template.py", "B404"): "pg_dump reads the template schema's DDL",
    ("tenants/schema_template.py", "B603"): "pg_dump with a fixed argument list; no shell",
    ("tenants/schema_template.py", "B608"): (
        "SQL text built from the template schema's own table and column names, read from the "
        "catalogue and quoted; no request or officer input reaches it"
    ),
}

# Vulnerabilities pip-audit may report in requirements.lock without failing:
# {("package", "vulnerability id"): "why it does not affect Srok, and until when"}.
PIP_AUDIT_ALLOWED = {}

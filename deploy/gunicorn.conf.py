"""gunicorn settings for Srok's web process (deploy/systemd/srok-web.service starts it with -c).

Every value can be changed from the service's environment file (deploy/srok.env.example lists
the GUNICORN_* variables); the defaults suit one host behind Caddy on the same machine.

    gunicorn -c deploy/gunicorn.conf.py platform_site.wsgi:application
"""

import multiprocessing
import os
from pathlib import Path


def _int(name, default):
    return int(os.environ.get(name, default))


# The release this file belongs to, with symlinks resolved. On `systemctl reload srok-web` (HUP)
# gunicorn reads this file again through /srv/srok/current, which by then points at the new
# release: new workers import its code, while old workers finish their requests on the old one.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "platform_site.wsgi:application"
proc_name = "srok-web"

# Loopback on one host; a private address when Caddy runs on another host (docs/operations.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# X-Forwarded-Proto is believed only from these addresses (Caddy's).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Threads keep a slow phone's upload or download from holding a whole process. Each thread keeps
# its own persistent database connection, so workers x threads is this host's share of
# PostgreSQL's max_connections.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count())
threads = _int("GUNICORN_THREADS", 4)

# A PostgreSQL backend caches the catalogue of every schema its connection has touched, and a
# worker that has served many districts holds such connections (docs/architecture.md,
# measured 391 MB -> 853 MB). Replacing workers after a bounded number of requests releases
# that memory; the jitter keeps them from all restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Bounded queues under overload: each worker holds at most this many connections (beyond, they
# wait in the kernel's listen queue of `backlog`), and the application answers 503 at once to a
# request that waited longer than SHED_QUEUE_SECONDS (platform_site/shedding.py).
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 100)
backlog = _int("GUNICORN_BACKLOG", 512)

# A worker silent for this long is killed; an export of a large district's data must fit in it.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On reload or stop, requests in progress get this long to finish (TimeoutStopSec is longer).
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Caddy keeps connections to us open between requests; outlive its idle timeout rather than
# race it.
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# Not preloaded: a reload must import the new release's code in the new workers.
preload_app = False
# The heartbeat file on tmpfs: a busy disk must not make a healthy worker look stuck.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs go to stdout/stderr, which systemd hands to journald. The access line names the host
# (which district), the client as Caddy saw it and the time taken in milliseconds.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%({x-forwarded-for}i)s %({host}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'

# gunicornc talks to the server through this socket; systemd's RuntimeDirectory= gives it a
# place the service may write. Elsewhere (a developer's --check-config) there is none to make.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"], "gunicorn.ctl")
else:
    control_socket_disable = True


# Metrics (platform_site/metrics.py): with PROMETHEUS_MULTIPROC_DIR set (srok-web.service sets
# it), each worker writes its figures to files there and a scrape sums them. Files of a previous
# run would be summed too, so the folder starts empty; a worker that exits is marked dead so its
# gauges stop counting (its counters stay in the sums).
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

#!/usr/bin/env bash
# What the test suite needs beyond Python packages: Chromium and Khmer fonts for the browser
# tests, Redis for the real Celery worker, pgBackRest and PostgreSQL's binaries for the
# point-in-time recovery tests, nftables to check the firewall's rules. Installs them where it can (Debian, as root), starts
# Redis if it is installed but not running, and writes tests/.machine.env for `make test`.
# Where it cannot, it says which tests will be skipped and the one command that enables them.
set -u
cd "$(dirname "$0")/.."
env_file=tests/.machine.env
: > "$env_file"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "khmer os" || missing+=(fonts-khmeros)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v caddy >/dev/null || missing+=(caddy)
# Point-in-time recovery tests: pgBackRest on a throwaway cluster of the machine's PostgreSQL.
command -v pgbackrest >/dev/null || missing+=(pgbackrest)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
command -v nft >/dev/null || missing+=(nftables)
# WeasyPrint (the citizens' budget PDF) loads Pango and HarfBuzz's subsetter at import.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" || missing+=(libharfbuzz-subset0)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} (Debian packages) for the browser and worker tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "WARNING: could not install ${missing[*]}"
  else
    echo "WARNING: ${missing[*]} missing: browser and/or worker tests will be skipped."
    echo "         Enable them with: sudo apt-get install -y ${missing[*]}"
  fi
fi

# axe-core (accessibility checks in the browser tests), pinned in package-lock.json.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if command -v npm >/dev/null; then
    npm ci --no-audit --no-fund --silent >/dev/null 2>&1 || echo "WARNING: npm ci failed: accessibility tests will be skipped."
  else
    echo "WARNING: npm missing: accessibility tests will be skipped. Enable them with: sudo apt-get install -y npm"
  fi
fi

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
if ! redis_up && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do redis_up && break; sleep 0.3; done
fi
if redis_up; then
  # Database 15 is the tests' own; each run uses a queue named after its process.
  echo "CELERY_BROKER_URL=redis://127.0.0.1:6379/15" >> "$env_file"
  echo "CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/15" >> "$env_file"
else
  echo "WARNING: no Redis at 127.0.0.1:6379: tests that need a real Celery worker will be skipped."
fi
exit 0

#!/usr/bin/env bash
# Local PostgreSQL for tests and development: starts the machine's PostgreSQL server (installed,
# not running, on our Debian machines) and makes sure our role and databases exist.
#
#   scripts/local-postgres.sh up      start it if needed; create role + databases if missing
#   scripts/local-postgres.sh status  exit 0 when it accepts connections
#   scripts/local-postgres.sh env     print `export DATABASE_URL=…` (the development database)
#
# Databases: session_reconciler (development) and session_reconciler_test (tests; recreated by the
# test setup). Role and password: session_reconciler / session_reconciler, on 127.0.0.1 only.
set -euo pipefail

ROLE=session_reconciler
PASSWORD=session_reconciler
PORT=${SR_POSTGRES_PORT:-5432}
DATABASES=(session_reconciler session_reconciler_test)

log() { printf '[local-postgres] %s\n' "$*" >&2; }
die() { printf '[local-postgres] error: %s\n' "$*" >&2; exit 1; }

url() { echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$1"; }

is_ready() { pg_isready -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}

cmd_up() {
  command -v pg_lsclusters >/dev/null 2>&1 ||
    die "PostgreSQL is not installed; install it with: apt-get install -y postgresql"
  if ! is_ready; then
    local version cluster
    read -r version cluster _ < <(pg_lsclusters -h | awk -v port="$PORT" '$3 == port' | head -1)
    [ -n "${version:-}" ] || die "no PostgreSQL cluster on port $PORT (pg_lsclusters shows none)"
    log "starting PostgreSQL $version/$cluster"
    # pg_ctlcluster exits 2 when the cluster already runs; that is fine.
    pg_ctlcluster "$version" "$cluster" start || [ $? = 2 ] || die "pg_ctlcluster $version $cluster start failed"
    local deadline=$((SECONDS + 30))
    until is_ready; do
      [ $SECONDS -lt $deadline ] || die "PostgreSQL did not accept connections on 127.0.0.1:$PORT within 30 s"
      sleep 0.5
    done
  fi
  as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB;
  END IF;
END \$\$;
SQL
  local db
  for db in "${DATABASES[@]}"; do
    if ! as_postgres psql -p "$PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      as_postgres createdb -p "$PORT" -O "$ROLE" "$db"
      log "created database $db"
    fi
  done
  log "ready: $(url session_reconciler)"
}

case "${1:-}" in
  up) cmd_up ;;
  status) if is_ready; then echo "PostgreSQL answers on 127.0.0.1:$PORT"; else echo "PostgreSQL is not running on 127.0.0.1:$PORT (run: npm run postgres -- up)"; exit 3; fi ;;
  env) echo "export DATABASE_URL=$(url session_reconciler)" ;;
  test-url) url session_reconciler_test ;;
  *) die "usage: $0 up|status|env|test-url" ;;
esac

#!/usr/bin/env bash
# Runs the whole OpenMSS test suite on a fresh Debian machine:
#  1. installs what the tests need when it is missing (PostgreSQL, python3, openssl, curl, slapd, ldap-utils,
#     chromium for the webmail's browser tests),
#  2. starts a throwaway PostgreSQL on a free loopback port with its own data directory,
#  3. builds and runs every test project,
#  4. stops PostgreSQL and removes its data, whatever happened,
# and ends with one line "N passed, N failed" (totals of the whole run).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '== %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (dotnet is not on PATH); install it, then run ./test.sh again." >&2
  exit 2
fi

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/sbin/slapd ] || missing+=(slapd) # the sandbox's Annuaire serves LDAP from a real OpenLDAP
command -v ldapsearch >/dev/null 2>&1 || missing+=(ldap-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium) # Playwright drives Debian's chromium (tests/OpenMss.Web.Tests)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PGBIN=$(pg_bin)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# PostgreSQL refuses to run as root: run it as the postgres system user when we are root.
pgdata=$(mktemp -d /tmp/openmss-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$pgdata"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
stop_postgres() {
  as_pg "$PGBIN/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
trap stop_postgres EXIT

pgport=$(free_port)
say "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$pgport"
as_pg "$PGBIN/initdb" -D "$pgdata/data" -U postgres -A trust --no-sync >"$pgdata/initdb.log" 2>&1 || { cat "$pgdata/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$pgdata/data" -l "$pgdata/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -c unix_socket_directories=$pgdata -c max_connections=300" start >/dev/null \
  || { cat "$pgdata/server.log" >&2; exit 1; }
stop_postgres() {
  as_pg "$PGBIN/pg_ctl" -D "$pgdata/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
export OPENMSS_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Maximum Pool Size=20"

say "building"
dotnet build OpenMss.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
touch artifacts/openmss.stamp # the ./openmss wrapper then runs what was just built

# Each test project runs in parallel with its own report (TRX reports named by time could overwrite each other).
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
say "running tests"
pids=()
# At most OPENMSS_TEST_JOBS projects at once (default 5): all 18 at once loaded two cores past 30 and made timeouts
# fail. The longest start first, so that the limit does not lengthen the run.
jobs_max=${OPENMSS_TEST_JOBS:-5}
projects=(tests/OpenMss.Conformance.Tests tests/OpenMss.Cli.Tests tests/OpenMss.Web.Tests tests/OpenMss.Lps.Tests)
for project in tests/*.Tests; do
  case " ${projects[*]} " in *" $project "*) ;; *) projects+=("$project") ;; esac
done
for project in "${projects[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build -nologo --results-directory "$results" \
    --logger "trx;LogFileName=$name.trx" -- RunConfiguration.TreatNoTestsAsError=true >"$results/$name.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!projects[@]}"; do
  wait "${pids[$i]}" || status=1
  name=$(basename "${projects[$i]}")
  # A failure's message is on the lines after "Error Message:": they name the cause (a fixture that did not start).
  awk '/Error Message:/ { after = 4 } after > 0 { print; after--; next }
       /^[[:space:]]+Failed |^[[:space:]]+(Shouldly|Assert)|should|but was|Passed!|Failed!|error/' "$results/$name.log" | head -n 60 || true
done

# Sum the counters of every test project's report; a project without a report counts as a failure.
count() { grep -o "$1=\"[0-9]*\"" "$2" | head -n 1 | grep -o '[0-9]*' || echo 0; }
passed=0
failed=0
for project in "${projects[@]}"; do
  report="$results/$(basename "$project").trx"
  if [ -f "$report" ]; then
    passed=$((passed + $(count passed "$report")))
    failed=$((failed + $(count failed "$report")))
  else
    echo "$(basename "$project") reported no results (see $results/$(basename "$project").log)." >&2
    failed=$((failed + 1))
    status=1
  fi
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a crash is a failure even when no single test said so
fi
echo "$passed passed, $failed failed"
exit "$status"

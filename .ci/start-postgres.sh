# Sourced by .ci/run: start a throwaway PostgreSQL cluster on 127.0.0.1 and export its URL.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$pg_bin" ] && [ "$(id -u)" = 0 ]; then
  version=$(basename "$(dirname "$pg_bin")")
  port=55432
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx congdoan; then
    pg_createcluster --locale C.UTF-8 -p "$port" "$version" congdoan -- --auth-local=trust --auth-host=trust >/dev/null
    echo "listen_addresses = '127.0.0.1'" > "/etc/postgresql/$version/congdoan/conf.d/listen.conf"
  fi
  pg_ctlcluster "$version" congdoan start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p "$port" -q && break
    sleep 0.5
  done
  runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -qc "DROP DATABASE IF EXISTS congdoan_test" >/dev/null
  runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -qc "CREATE DATABASE congdoan_test" >/dev/null
  export CONGDOAN_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/congdoan_test"
fi

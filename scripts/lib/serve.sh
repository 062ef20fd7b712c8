# Sourced by scripts/func-start and scripts/run-local: serve src/Functions on the real Functions host
# over Azurite (and, when asked, a PostgreSQL loaded with sample data), as `func start` would.
# Everything started is recorded by PID under $serve_state and stopped by serve_stop.
# shellcheck shell=bash

serve_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
serve_host_pid=""

serve_log() { echo "$*" >&2; }

# A TCP port on 127.0.0.1 that nothing listens on.
serve_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# Exports local.settings.json's "Values" that the environment does not set already.
serve_load_settings() {
  local file="$1" kv
  [[ -f "$file" ]] || return 0
  while IFS= read -r -d '' kv; do
    export "${kv?}"
  done < <(node -e '
    const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").replace(/^\uFEFF/, "")).Values || {};
    for (const [k, x] of Object.entries(v)) if (!(k in process.env)) process.stdout.write(`${k}=${x ?? ""}\0`);' "$file")
}

# dotnet publish of src/Functions: what the README deploys and what Azure runs.
serve_publish() {
  local out="$1"
  serve_log "publishing src/Functions..."
  dotnet publish "$serve_root/src/Functions" -c Release -o "$out" -nologo -v quiet >"$serve_state/publish.log" 2>&1 ||
    { cat "$serve_state/publish.log" >&2; serve_log "dotnet publish failed"; return 1; }
}

# serve_start_services [--sample N]: Azurite, and with --sample a PostgreSQL loaded with N customers
# (sets serve_sample_budgets, the sample's budgets).
serve_start_services() {
  export AZURITE_STATE_DIR="$serve_state/azurite" PG_STATE_DIR="$serve_state/pg"
  serve_log "starting Azurite..."
  AZURITE_CONNECTION_STRING="$(bash "$serve_root/scripts/azurite-start")"
  export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
  export Artifacts__ConnectionString="${Artifacts__ConnectionString:-$AZURITE_CONNECTION_STRING}"
  if [[ "${1:-}" == --sample ]]; then
    serve_log "starting PostgreSQL with $2 sample customers..."
    bash "$serve_root/scripts/pg-start"
    # shellcheck source=/dev/null
    source "$PG_STATE_DIR/state.env"
    # The sample's budgets are fractions of its own spend; seed prints them (serve_sample_budgets).
    serve_sample_budgets="$(dotnet "$serve_root/src/Cli/bin/Release/net10.0/linux-x64/markov.dll" seed --customers "$2" --seed 42 \
      --connection "Host=127.0.0.1;Port=$PG_PORT;Database=markov;Username=postgres;Password=$PG_SUPERUSER_PASSWORD;SSL Mode=Disable" |
      tee /dev/stderr | sed -n 's/^sample budgets: //p')"
    export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$PG_PORT" POSTGRES_DATABASE=markov POSTGRES_USER=markov_reader
    export POSTGRES_PASSWD="$PG_READER_PASSWORD" POSTGRES_SSL_MODE=Disable
    unset POSTGRES_CONNECTION_STRING
  fi
}

# serve_start_host APP PORT: the host on 127.0.0.1:PORT serving APP; sets serve_base_url, serve_function_key, serve_master_key.
serve_start_host() {
  local app="$1" port="$2" log="$serve_state/host.log"
  export AzureWebJobsScriptRoot="$app" FUNCTIONS_HOST_PORT="$port"
  export FUNCTIONS_SECRETS_PATH="$serve_state/secrets" FUNCTIONS_LOG_PATH="$serve_state/logs"
  export AzureFunctionsJobHost__Logging__Console__IsEnabled=true
  export AzureFunctionsJobHost__Logging__LogLevel__Default="${LOG_LEVEL:-Information}"
  # Locally, poll the task hub's queues every second rather than every 30 s (Azure's default keeps storage costs down).
  export AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval="00:00:01"
  mkdir -p "$FUNCTIONS_SECRETS_PATH" "$FUNCTIONS_LOG_PATH"
  serve_log "starting the Functions host on 127.0.0.1:$port (log: $log)..."
  bash "$serve_root/scripts/functions-host" exec >"$log" 2>&1 </dev/null &
  serve_host_pid=$!
  echo "$serve_host_pid" >"$serve_state/host.pid"
  local t0=$SECONDS
  until grep -q 'Job host started' "$log"; do
    kill -0 "$serve_host_pid" 2>/dev/null || { tail -40 "$log" >&2; serve_log "the host exited during start"; return 1; }
    (( SECONDS - t0 < 180 )) || { tail -40 "$log" >&2; serve_log "the host did not start within 180 s"; return 1; }
    sleep 0.5
  done
  serve_base_url="http://127.0.0.1:$port"
  # "Job host started" comes a moment before Kestrel listens.
  for _ in $(seq 1 100); do curl -s -o /dev/null "$serve_base_url/" && break; sleep 0.1; done
  # With file secret storage the host writes its keys on the first request that needs one.
  for _ in $(seq 1 60); do
    [[ -s "$FUNCTIONS_SECRETS_PATH/host.json" ]] && break
    curl -s -o /dev/null -X POST "$serve_base_url/api/runs" || true
    sleep 0.5
  done
  serve_function_key="$(serve_key functionKeys.0.value)"
  serve_master_key="$(serve_key masterKey.value)"
  serve_log "host started in $((SECONDS - t0)) s"
}

# serve_key a.0.b: that value of the host's key file (a dotted path; numbers index arrays).
serve_key() {
  node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").replace(/^\uFEFF/,""));
    console.log(process.argv[2].split(".").reduce((v, k) => v[k], d));' "$FUNCTIONS_SECRETS_PATH/host.json" "$1"
}

# Stops the host (and its worker), Azurite and PostgreSQL, each by its recorded PID.
serve_stop() {
  if [[ -n "$serve_host_pid" ]] && kill -0 "$serve_host_pid" 2>/dev/null; then
    local children
    children="$(cat "/proc/$serve_host_pid/task/"*/children 2>/dev/null || true)"
    kill -TERM "$serve_host_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$serve_host_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$serve_host_pid" 2>/dev/null || true
    wait "$serve_host_pid" 2>/dev/null || true
    # The worker (dotnet MarkovFunctions.Functions.dll) is the host's child: never leave it behind.
    for child in $children; do kill -KILL "$child" 2>/dev/null || true; done
  fi
  serve_host_pid=""
  bash "$serve_root/scripts/azurite-stop" >/dev/null 2>&1 || true
  bash "$serve_root/scripts/pg-stop" >/dev/null 2>&1 || true
}

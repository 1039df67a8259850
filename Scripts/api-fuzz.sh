#!/usr/bin/env bash
# Fuzzes the web application's JSON API with schemathesis against the OpenAPI document it
# serves (docs/server.md): a fresh database with one member and its token, the server on a
# free port, a bounded number of generated requests per operation, and no answer may be a
# server error (5xx) or break the document's promises.
#
#   Scripts/api-fuzz.sh READINESS_BINARY SCHEMATHESIS [EXAMPLES] [POSTGRES_DATABASE_URL]
#
# With a PostgreSQL URL (a new, empty database), the server runs over it instead of SQLite.
set -euo pipefail
binary=$1
schemathesis=$2
examples=${3:-50}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "${4:-}" ]; then
    database=(--database-url "$4")
else
    database=(--db "$work/db.sqlite")
fi
printf '%s\n' 'correct horse battery staple' | "$binary" admin add-user "${database[@]}" \
    --email api@harbour.org --role member --organisation "Harbour AOD Services" \
    --password-stdin >/dev/null
token=$("$binary" admin add-token "${database[@]}" --email api@harbour.org)
"$binary" serve "${database[@]}" --port 0 >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/out" && break
    sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$work/out")
[ -n "$base" ] || { echo "api-fuzz: the server did not start" >&2; cat "$work/log" >&2; exit 1; }
echo "api-fuzz: $base, $examples examples an operation"
# One worker: with two, hypothesis's threads parse Python source at once, which CPython 3.11's
# AST constructor does not survive ("AST constructor recursion depth mismatch", a tool crash
# reported as an error, not a finding about the API).
"$schemathesis" run "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --workers 1 --no-color

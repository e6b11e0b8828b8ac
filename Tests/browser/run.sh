#!/usr/bin/env bash
# Tests the built seeds site as a reader would: builds it for a sub-path, serves it
# with nginx (from Debian) under /sub/path/, loads every page in headless Chromium
# (Tests/browser/check_pages.py) and runs linkchecker over the served site. The same
# seeds built with --no-search are served under /nosearch/, to check that a site
# without a search index keeps its search box hidden and quiet.
#
#   Tests/browser/run.sh [path/to/dossier]
#
# The binary defaults to .build/debug/dossier. Screenshots go to $SCREENSHOTS
# (default Tests/browser/screenshots/, git-ignored); $TEMPLATES builds with other
# templates (default templates/). Exits non-zero on any failure; the last line is
# "N passed, M failed".
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

dossier="${1:-}"
if [ -z "$dossier" ]; then
  for candidate in .build/debug/dossier .build/release/dossier; do
    [ -x "$candidate" ] && { dossier="$candidate"; break; }
  done
fi
if [ -z "$dossier" ] || [ ! -x "$dossier" ]; then
  fail "no dossier binary (pass its path, or run 'swift build' for .build/debug/dossier)"
  finish
fi
dossier="$(cd "$(dirname "$dossier")" && pwd)/$(basename "$dossier")"

missing=()
for tool in nginx chromium linkchecker python3 timeout; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
python3 -c 'import websocket' 2>/dev/null || missing+=("websocket-client (pip)")
if [ ${#missing[@]} -gt 0 ]; then
  fail "missing ${missing[*]}: run scripts/install-dependencies.sh"
  finish
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

start_time=$(date +%s)
work="$(mktemp -d "${TMPDIR:-/tmp}/dossier-browser.XXXXXX")"
chmod 755 "$work"
site="$work/site"
plain_site="$work/site-nosearch"
subpath="/sub/path/"
plain_path="/nosearch/"
nginx_pid=""

cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    # nginx runs under `timeout`, which passes the TERM on to nginx's master.
    kill -TERM "$nginx_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null
  fi
  if [ -f "$work/nginx/nginx.pid" ]; then
    master="$(cat "$work/nginx/nginx.pid" 2>/dev/null)"
    [ -n "$master" ] && kill -0 "$master" 2>/dev/null && kill -KILL "$master" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The headers the site asks its host for (_headers, Netlify / Cloudflare Pages format:
# "/*" then indented "Name: value" lines), as nginx add_header lines: the pages are then
# loaded under their own Content-Security-Policy, as such a host serves them.
host_headers() {
  [ -f "$site/_headers" ] || return 0
  python3 - "$site/_headers" <<'PYTHON'
import sys
block = None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    if not line[0].isspace():
        block = line.strip()
        continue
    name, _, value = line.strip().partition(":")
    value = value.strip()
    # Inside nginx's double quotes everything but these is taken as it is.
    if block == "/*" and name and value and not any(c in value for c in '"$\\'):
        print('        add_header %s "%s" always;' % (name.strip(), value))
PYTHON
}

start_nginx() {
  local port="$1" prefix="$work/nginx"
  rm -rf "$prefix"
  mkdir -p "$prefix/logs" "$prefix/temp" "$prefix/empty"
  local headers
  headers="$(host_headers)"
  local user=""
  # As root, workers would otherwise run as `nobody`, who may not read the temporary folder.
  [ "$(id -u)" -eq 0 ] && user="user root;"
  cat >"$prefix/nginx.conf" <<EOF
$user
daemon off;
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log;
events { worker_connections 128; }
http {
    include /etc/nginx/mime.types;
    types { text/markdown md; }
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css text/plain text/markdown text/xml application/javascript application/json application/atom+xml;
    access_log $prefix/logs/access.log;
    client_body_temp_path $prefix/temp/body;
    proxy_temp_path $prefix/temp/proxy;
    fastcgi_temp_path $prefix/temp/fastcgi;
    uwsgi_temp_path $prefix/temp/uwsgi;
    scgi_temp_path $prefix/temp/scgi;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root $prefix/empty;
        error_page 404 ${subpath}404.html;
        # Lets linkchecker send more than 10 requests a second (see maxrequestspersecond).
        add_header LinkChecker allow-fast-checks always;
$headers
        location $subpath {
            alias $site/;
            index index.html;
        }
        location $plain_path {
            alias $plain_site/;
            index index.html;
        }
    }
}
EOF
  timeout -k 5 600 "$nginx_bin" -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf" >"$prefix/logs/stdout.log" 2>&1 &
  nginx_pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$nginx_pid" 2>/dev/null || return 1
    if python3 - "$port" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/sub/path/index.html" % sys.argv[1], timeout=1).read()
EOF
    then return 0; fi
    sleep 0.05
  done
  return 1
}

# Build the seeds for the address nginx will serve them at; retry with another
# port if one was taken between choosing it and nginx binding it.
started=""
for attempt in 1 2 3; do
  port="$(free_port)"
  base="http://127.0.0.1:$port$subpath"
  rm -rf "$site"
  if ! build_log="$("$dossier" build --corpus seeds --out "$site" --base-url "$base" --templates "${TEMPLATES:-templates}" 2>&1)"; then
    echo "$build_log" >&2
    fail "dossier build --corpus seeds --base-url $base"
    finish
  fi
  rm -rf "$plain_site"
  if ! build_log="$("$dossier" build --corpus seeds --out "$plain_site" --base-url "http://127.0.0.1:$port$plain_path" --templates "${TEMPLATES:-templates}" --no-search 2>&1)"; then
    echo "$build_log" >&2
    fail "dossier build --corpus seeds --no-search"
    finish
  fi
  chmod -R a+rX "$site" "$plain_site"
  if start_nginx "$port"; then started=yes; break; fi
  echo "nginx did not start on port $port (attempt $attempt):" >&2
  cat "$work/nginx/logs/error.log" >&2 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  nginx_pid=""
done
if [ -z "$started" ]; then fail "nginx serving the site under $subpath"; finish; fi
pass
echo "Serving the seeds site at $base (built in $(( $(date +%s) - start_time )) s)"

# Every page in headless Chromium.
screenshots="${SCREENSHOTS:-$here/screenshots}"
mkdir -p "$screenshots"
results="$work/checker-results"
timeout -k 5 240 python3 "$here/check_pages.py" --site "$site" --base-url "$base" \
  --screenshots "$screenshots" --results "$results" --work "$work" \
  --no-search-base-url "http://127.0.0.1:$port$plain_path"
checker_status=$?
if [ -f "$results" ]; then
  read -r checker_passed checker_failed <"$results"
  passed=$((passed + checker_passed))
  failed=$((failed + checker_failed))
  if [ "$checker_status" -ne 0 ] && [ "$checker_failed" -eq 0 ]; then
    fail "check_pages.py exited with status $checker_status"
  fi
else
  fail "check_pages.py exited with status $checker_status before reporting results"
fi

# linkchecker (Debian's) over the served site, internal links and anchors only.
lc_home="$work/linkchecker"
mkdir -p "$lc_home"
chmod 777 "$lc_home"
cat >"$lc_home/linkcheckerrc" <<'EOF'
[checking]
threads=8
timeout=10
maxrequestspersecond=500
[filtering]
checkextern=0
[output]
status=0
warnings=1
[AnchorCheck]
EOF
chmod 644 "$lc_home/linkcheckerrc"
lc_out="$work/linkchecker.out"
# linkchecker drops root privileges to `nobody`; its home must be writable by whoever runs it.
HOME="$lc_home" timeout -k 5 120 linkchecker --config "$lc_home/linkcheckerrc" --no-status \
  --recursion-level=-1 "${base}index.html" >"$lc_out" 2>&1
lc_status=$?
lc_summary="$(grep -E '^That.s it\.|links? checked' "$lc_out" | tail -1)"
if [ "$lc_status" -eq 0 ]; then
  pass
  echo "linkchecker: ${lc_summary:-no problems}"
else
  cat "$lc_out" >&2
  fail "linkchecker found problems (status $lc_status) in ${base}index.html"
fi

echo "Browser tests took $(( $(date +%s) - start_time )) s; screenshots in $screenshots"
finish

#!/usr/bin/env bash
# Runs the shipped proxy rules on loopback, without root or TLS (nginx.loopback.conf).
#
#   deploy/nginx/run-loopback.sh [--check|--prepare] PREFIX PORT UPSTREAM...
#
# PREFIX: a directory of its own (created); PORT: where nginx listens on 127.0.0.1; UPSTREAM: the API processes
# as host:port. Without an option nginx runs in the foreground (`exec`, so the caller's pid is nginx's and
# SIGQUIT stops it gracefully, SIGHUP reloads it after the upstream file changed); --check only runs `nginx -t`;
# --prepare only writes the files (then: nginx -p PREFIX -c nginx.loopback.conf).
set -euo pipefail
mode=run
case "${1:-}" in --check | --prepare) mode=${1#--}; shift ;; esac
if (($# < 3)); then
  sed -n '4,9p' "$0" >&2
  exit 2
fi
prefix=$1 port=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$prefix/tmp"
prefix=$(cd "$prefix" && pwd)
cp "$here/nginx.loopback.conf" "$here/pulso-http.conf" "$here/pulso-locations.conf" "$prefix/"
echo "listen 127.0.0.1:$port;" >"$prefix/listen.conf"
: >"$prefix/upstream-servers.conf"
for u in "$@"; do
  echo "server $u max_fails=2 fail_timeout=5s;" >>"$prefix/upstream-servers.conf"
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
case $mode in
  check) exec "$nginx_bin" -t -q -p "$prefix/" -c nginx.loopback.conf ;;
  prepare) echo "$prefix" ;;
  run) exec "$nginx_bin" -p "$prefix/" -c nginx.loopback.conf -g 'daemon off;' ;;
esac

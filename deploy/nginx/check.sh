#!/usr/bin/env bash
# `nginx -t` on the shipped configuration: the production files (TLS, HTTP/2) with a throwaway self-signed
# certificate in place of the operator's and the compose upstream (`api`, a name only compose resolves) pointed
# at loopback, then the loopback variant. Needs nginx and openssl; run by .ci/run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

cp "$here/nginx.conf" "$here/pulso.conf" "$here/pulso-http.conf" "$here/pulso-locations.conf" "$work/"
sed 's/server api:8000/server 127.0.0.1:8000/' "$here/upstream-servers.conf" >"$work/upstream-servers.conf"
mkdir -p "$work/certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=pulso.invalid \
  -keyout "$work/certs/privkey.pem" -out "$work/certs/fullchain.pem" 2>/dev/null
"$nginx_bin" -t -q -p "$work/" -c nginx.conf
echo "production configuration: ok"
"$here/run-loopback.sh" --check "$work/loopback" 18080 127.0.0.1:18001 127.0.0.1:18002 127.0.0.1:18003
echo "loopback configuration: ok"

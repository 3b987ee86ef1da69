#!/usr/bin/env bash
# Debian packages the tests need: Chromium and a CJK font for browser tests, poppler for PDFs,
# the PostgreSQL 15 server and client. Installed when missing and we are root; otherwise we say
# what is missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v pg_dump >/dev/null || need+=(postgresql-client-15)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${need[*]} (run as root: apt-get install ${need[*]})" >&2
    exit 1
fi
echo "Installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

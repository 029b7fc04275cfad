#!/bin/sh
# Installs Debian's chromium package for the browser tests, unless /usr/bin/chromium is
# already there. Idempotent: a machine that has it runs nothing, not even `apt-get update`.
set -eu

if [ -x /usr/bin/chromium ]; then
    echo "chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "error: /usr/bin/chromium is missing and installing it needs root: apt-get install -y chromium" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium
/usr/bin/chromium --version

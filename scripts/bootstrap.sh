#!/usr/bin/env bash
# Install what the build needs, if it is missing. Idempotent: a second run
# installs nothing. Debian packages only.
set -euo pipefail

pkgs=(cmake gcc make pkg-config binutils clang-format libfiu-dev fiu-utils libsqlite3-dev
      libcriterion-dev libyaml-dev lcov valgrind
      libxml2-dev libxml2-utils libmicrohttpd-dev libcurl4-gnutls-dev openssl sblim-wbemcli curl
      clang libclang-rt-14-dev slowhttptest wsl python3-winrm uuid-runtime)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "bootstrap: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

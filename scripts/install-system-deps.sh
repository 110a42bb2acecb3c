#!/usr/bin/env bash
# Installs the Debian packages the test suite needs. Idempotent: installs only what is missing.
#   chromium                 headless browser that drives the code-server workbench (playwright-core)
#   build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
#                            native modules of code-server, built once into .vscode-test/
#   kamailio kamailio-tls-modules   an unrelated real SIP registrar (Digest over TCP/TLS)
#   pidgin-sipe finch tmux libxml2-dev gcc   the real pidgin-sipe client, the simulator's fidelity test
#   openssl                  test CA / certificate regeneration
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail

PKGS=(chromium build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
      kamailio kamailio-tls-modules pidgin-sipe finch tmux libxml2-dev gcc openssl)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "system packages missing: ${missing[*]}" >&2
  echo "run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$cmd -qq >/dev/null
echo "system packages: installed"

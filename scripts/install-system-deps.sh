#!/usr/bin/env bash
# Installs the Debian packages one purpose needs, and only those. Idempotent: installs what is missing.
#   install-system-deps.sh start   what `npm start` needs: the tool chain that builds code-server's
#                                  native modules, once, into .vscode-test/ (only while it is not cached)
#   install-system-deps.sh test    what `npm test` needs: the above, plus
#     chromium                       headless browser that drives the code-server workbench (playwright-core)
#     kamailio kamailio-tls-modules  an unrelated real SIP registrar (Digest over TCP/TLS); the tests start
#                                    their own instance on loopback ports, so Debian's system service
#                                    (0.0.0.0:5060 at boot) is never started, and is disabled and masked
#     pidgin-sipe finch tmux libxml2-dev gcc   the real pidgin-sipe client, the simulator's fidelity test
#     openssl                        test CA / certificate regeneration
#     pngquant                       shrinks the README screenshots the extension-host tests take (--screenshots)
#     dnsmasq-base iproute2          a real DNS server (SRV and A records) and `ip netns`: the discovery tests
#                                    run the client in a network namespace whose resolver is a dnsmasq
#                                    they start there; dnsmasq-base is the program alone, without Debian's
#                                    dnsmasq system service (listed below anyway, should the full package be present)
#     krb5-kdc krb5-admin-server     MIT Kerberos: the single sign-on tests start their own KDC on loopback ports
#     krb5-user libgssapi-krb5-2     in a temporary directory (kdb5_util, kadmin.local, kinit, klist); the client
#                                    and the simulator reach Kerberos through libgssapi_krb5.so.2. Debian's
#                                    krb5-kdc and krb5-admin-server system services are never started (below)
# As root it runs apt-get; otherwise it prints the exact command and fails (exit 1), so nothing is
# skipped without a word, under CI=true or not. Exit 2: wrong usage.
set -euo pipefail

START_PKGS=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
TEST_PKGS=("${START_PKGS[@]}" chromium kamailio kamailio-tls-modules pidgin-sipe finch tmux libxml2-dev gcc openssl pngquant dnsmasq-base iproute2 krb5-kdc krb5-admin-server krb5-user libgssapi-krb5-2)
# System services some of those packages install; none is wanted (see above).
UNWANTED_SERVICES=(kamailio dnsmasq krb5-kdc krb5-admin-server)

case "${1:-}" in
  start) purpose="npm start"; pkgs=("${START_PKGS[@]}") ;;
  test) purpose="npm test"; pkgs=("${TEST_PKGS[@]}") ;;
  *) echo "usage: $0 start|test   (the system packages npm start / npm test need)" >&2; exit 2 ;;
esac

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Disables, stops and masks an installed package's system service; returns 1 when it cannot (not root).
quiet_service() {
  local svc=$1
  installed "$svc" || return 0
  local enabled=no
  if command -v systemctl >/dev/null; then
    case "$(systemctl is-enabled "$svc" 2>/dev/null || true)" in enabled*) enabled=yes ;; esac
  fi
  if ls /etc/rc[2-5].d/S*"$svc" >/dev/null 2>&1; then enabled=yes; fi
  [ "$enabled" = yes ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "system packages: WARNING: the $svc system service is enabled (a server on well-known ports at boot);" >&2
    echo "  the tests do not use it. As root:  systemctl disable --now $svc && systemctl mask $svc" >&2
    return 1
  fi
  if command -v systemctl >/dev/null; then
    if [ -d /run/systemd/system ]; then systemctl stop "$svc" 2>/dev/null || true; fi
    systemctl disable "$svc" >/dev/null 2>&1 || true
    systemctl mask "$svc" >/dev/null 2>&1 || true
  fi
  if [ -x "/etc/init.d/$svc" ]; then
    invoke-rc.d "$svc" stop >/dev/null 2>&1 || true
    update-rc.d "$svc" disable >/dev/null 2>&1 || true
  fi
  echo "system packages: the $svc system service is disabled and stopped (the tests run their own)"
}

missing=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages for $purpose: all present"
  for svc in "${UNWANTED_SERVICES[@]}"; do quiet_service "$svc" || true; done
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "system packages for $purpose missing: ${missing[*]}" >&2
  echo "run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "system packages for $purpose: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# For this install only, a policy-rc.d that refuses to start the unwanted services (maintainer
# scripts ask it before starting one); any policy already in place still decides the rest.
policy=/usr/sbin/policy-rc.d
saved=
if [ -e "$policy" ]; then saved="$policy.lync-pchat-saved"; mv "$policy" "$saved"; fi
restore_policy() {
  rm -f "$policy"
  if [ -n "$saved" ]; then mv "$saved" "$policy"; fi
}
trap restore_policy EXIT
chain=
if [ -n "$saved" ]; then chain="exec '$saved' \"\$@\""; fi
cat >"$policy" <<EOF
#!/bin/sh
# Temporary, written by lync-pchat's scripts/install-system-deps.sh during its apt-get install.
case "\$1" in $(IFS='|'; echo "${UNWANTED_SERVICES[*]}")) exit 101 ;; esac
$chain
exit 0
EOF
chmod 755 "$policy"

apt-get update -qq
# shellcheck disable=SC2086
$cmd -qq >/dev/null
restore_policy
trap - EXIT

still=()
for p in "${missing[@]}"; do installed "$p" || still+=("$p"); done
if [ ${#still[@]} -ne 0 ]; then echo "system packages: apt-get did not install ${still[*]}" >&2; exit 1; fi
for svc in "${UNWANTED_SERVICES[@]}"; do quiet_service "$svc"; done
echo "system packages for $purpose: installed"

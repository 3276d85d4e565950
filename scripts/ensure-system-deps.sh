#!/bin/sh
# System packages the test suite uses for real parts (a Redis server, iptables, nftables,
# iproute2 for network namespaces, curl as a real client).
# Installed with apt-get when we are root on Debian/Ubuntu; otherwise the tests that need them
# say why they skip.
need=""
command -v redis-server >/dev/null 2>&1 || need="$need redis-server"
command -v iptables >/dev/null 2>&1 || need="$need iptables"
command -v ip >/dev/null 2>&1 || need="$need iproute2"
command -v nft >/dev/null 2>&1 || need="$need nftables"
command -v curl >/dev/null 2>&1 || need="$need curl"
[ -n "$need" ] || exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$need"
  (apt-get install -y -qq $need >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $need >/dev/null 2>&1; }) \
    || echo "warning: could not install$need; tests needing them will skip" >&2
else
  echo "note: optional system packages missing:$need (install them to run every test)" >&2
fi
exit 0

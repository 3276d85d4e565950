#!/bin/sh
# Turn this host into a router for the client segment: IPv4 and IPv6 forwarding on, ICMP
# redirects off. Run with --help for the options. Idempotent: values already set are left alone.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/common.sh"

SYSCTL_FILE=/etc/sysctl.d/90-llm-warden.conf

usage() {
    cat <<EOF
Usage: ${0##*/} [options]

Enable packet forwarding so that clients can use this host as their default gateway, and stop
it from sending ICMP redirects: the gateway and the provider route may share a segment, and a
redirect would tell clients to bypass the gateway (and thus the proxy) for the next packets.

Sets (in the current network namespace):
  net.ipv4.ip_forward = 1
  net.ipv4.conf.all.send_redirects = 0, net.ipv4.conf.default.send_redirects = 0
  net.ipv4.conf.IFACE.send_redirects = 0  for each -i IFACE (the kernel sends redirects when
                                          "all" OR the interface's own setting says so)
  net.ipv6.conf.all.forwarding = 1        (unless -4)

Options:
  -i, --lan-if IFACE   also turn off redirects on this existing interface (repeatable)
  -4                   IPv4 only (leave IPv6 forwarding as it is)
      --persist        also write $SYSCTL_FILE so the settings survive a reboot
  -n, --dry-run        print the commands instead of running them
  -h, --help           show this help

Note: with IPv6 forwarding on, Linux stops accepting router advertisements on interfaces whose
accept_ra is 1. If the uplink gets its IPv6 address by SLAAC, set
net.ipv6.conf.<uplink>.accept_ra = 2 as well.
EOF
}

IFACES=
V6=1
PERSIST=0

while [ $# -gt 0 ]; do
    case $1 in
        -i | --lan-if) [ $# -ge 2 ] || die "$1 needs a value"; check_iface "$2"; IFACES="$IFACES $2"; shift 2 ;;
        --lan-if=*) check_iface "${1#*=}"; IFACES="$IFACES ${1#*=}"; shift ;;
        -4) V6=0; shift ;;
        --persist) PERSIST=1; shift ;;
        -n | --dry-run) DRY_RUN=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
need_root

SETTINGS="net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0"
for ifc in $IFACES; do
    [ -d "/proc/sys/net/ipv4/conf/$ifc" ] || die "no such interface: $ifc"
    SETTINGS="$SETTINGS net.ipv4.conf.$ifc.send_redirects=0"
done
[ "$V6" = 1 ] && SETTINGS="$SETTINGS net.ipv6.conf.all.forwarding=1"

# Write through /proc/sys rather than sysctl(8): it is always there (procps may not be), and it
# names the same per-namespace files.
for kv in $SETTINGS; do
    key=${kv%%=*} value=${kv#*=}
    path=/proc/sys/$(printf '%s' "$key" | tr . /)
    [ -e "$path" ] || die "$key does not exist here (${path})"
    if [ "$(cat "$path")" = "$value" ]; then
        [ "$DRY_RUN" = 1 ] && printf '# %s is already %s\n' "$key" "$value"
        continue
    fi
    if [ "$DRY_RUN" = 1 ]; then
        printf "+ echo %s > %s\n" "$value" "$path"
    else
        echo "$value" >"$path"
    fi
done

if [ "$PERSIST" = 1 ]; then
    content=$(
        echo "# written by llm-warden scripts/gateway/enable-forwarding.sh"
        for kv in $SETTINGS; do echo "${kv%%=*} = ${kv#*=}"; done
    )
    if [ "$DRY_RUN" = 1 ]; then
        printf "+ cat > %s <<'EOF'\n%s\nEOF\n" "$SYSCTL_FILE" "$content"
    elif [ ! -f "$SYSCTL_FILE" ] || [ "$(cat "$SYSCTL_FILE")" != "$content" ]; then
        printf '%s\n' "$content" >"$SYSCTL_FILE"
        note "wrote $SYSCTL_FILE"
    fi
fi

[ "$DRY_RUN" = 1 ] || note "forwarding on (IPv4$([ "$V6" = 1 ] && echo ", IPv6")); ICMP redirects off"

#!/bin/sh
# Load llm-warden.nft (the transparent-gateway ruleset for nftables) with the defines filled in
# from the options. The nftables alternative to iptables.sh; run with --help for the options.
# Idempotent: the ruleset replaces its own table (inet llm_warden) as a whole, atomically.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/common.sh"

RULESET=$HERE/llm-warden.nft

usage() {
    cat <<EOF
Usage: ${0##*/} -i IFACE [-i IFACE ...] [options]

Load the nftables ruleset $RULESET (table inet $LW_NFT_TABLE, IPv4 and IPv6 together):
TCP 443 and 80 arriving on the client-facing interface(s) is redirected to llm-warden running with
--mode transparent on this gateway, and UDP 443 (QUIC/HTTP3) forwarded from them is dropped so
clients fall back to TCP, which the proxy can decrypt.

Options:
  -i, --lan-if IFACE     client-facing interface (repeat for several); required
  -p, --port PORT        port llm-warden listens on (default: 8080). Repeat it for several
                         replicas on this host: new connections go to each port in turn
                         (numgen inc mod N)
      --no-http          redirect TCP 443 only (default: 443 and 80)
      --quic-dest CIDR   drop UDP 443 only towards this network (repeatable; IPv4 or IPv6).
                         Default: to every destination (no list of LLM provider addresses needed)
      --no-quic-drop     do not drop UDP 443 (QUIC to LLM hosts then bypasses the proxy)
      --print            print the ruleset that would be loaded, and nothing else
  -c, --check            let nft check the ruleset without loading it
  -n, --dry-run          print the command and the ruleset instead of loading it
  -h, --help             show this help

To keep the rules across reboots, save the output of --print as /etc/nftables.d/llm-warden.nft
and include it from /etc/nftables.conf. Keep the rules in place when the proxy stops: redirected
connections are then refused (fail closed). teardown.sh removes the table.

Example:
  ${0##*/} -i eth1 --port 8080
EOF
}

MODE=apply

while [ $# -gt 0 ]; do
    redirect_option "$@"
    if [ "$TAKEN" -gt 0 ]; then shift "$TAKEN"; continue; fi
    case $1 in
        --print) MODE=print; shift ;;
        -c | --check) MODE=check; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

[ -n "$IFACES" ] || { usage >&2; die "at least one --lan-if is required"; }
[ "$QUIC_DROP" = 1 ] || [ -z "$QUIC_DESTS" ] || die "--quic-dest and --no-quic-drop contradict each other"
[ -r "$RULESET" ] || die "ruleset not found: $RULESET"
[ -n "$PROXY_PORTS" ] || PROXY_PORTS=8080
# shellcheck disable=SC2086  # one word per port
set -- $PROXY_PORTS
PORT=$1 REPLICAS=$#

# { "eth1", "eth2" } and { 1.2.3.0/24, ... } as nft set literals.
join_set() {
    out=
    for x in "$@"; do out="${out:+$out, }$x"; done
    printf '{ %s }' "$out"
}

ifs_set=$(for i in $IFACES; do printf '"%s" ' "$i"; done)
# shellcheck disable=SC2086  # one word per interface / network is intended
ifs_set=$(join_set $ifs_set)
ports_set='{ 443 }'
[ "$HTTP" = 1 ] && ports_set='{ 443, 80 }'

dest4= dest6=
for d in $QUIC_DESTS; do
    if is_ipv6 "$d"; then dest6="$dest6 $d"; else dest4="$dest4 $d"; fi
done
if [ -z "$QUIC_DESTS" ]; then dest4=0.0.0.0/0 dest6=::/0; fi

# Several replicas: the redirect target becomes a round-robin map (numgen needs a literal modulus,
# so this is a rewrite of the rule rather than a define).
# shellcheck disable=SC2016  # a literal nft variable reference
target='$PROXY_PORT'
if [ "$REPLICAS" -gt 1 ]; then
    i=0 map=
    for port in $PROXY_PORTS; do map="${map:+$map, }$i : $port"; i=$((i + 1)); done
    target="numgen inc mod $REPLICAS map { $map }"
fi

# shellcheck disable=SC2086  # one word per port
ports_all=$(join_set $PROXY_PORTS)

# Rewrite the define lines; drop the QUIC rule of a family that has nothing to drop (an empty
# set literal is a syntax error in nft, and dropping nothing is what was asked for).
render() {
    # shellcheck disable=SC2086
    d4=$([ -n "$dest4" ] && join_set $dest4 || echo '{ 0.0.0.0/32 }')
    # shellcheck disable=SC2086
    d6=$([ -n "$dest6" ] && join_set $dest6 || echo '{ ::/128 }')
    keep4=1 keep6=1
    [ "$QUIC_DROP" = 1 ] && [ -n "$dest4" ] || keep4=0
    [ "$QUIC_DROP" = 1 ] && [ -n "$dest6" ] || keep6=0
    sed -e "s|^define LAN_IFS = .*|define LAN_IFS = $ifs_set|" \
        -e "s|^define PROXY_PORT = .*|define PROXY_PORT = $PORT|" \
        -e "s|^define PROXY_PORTS = .*|define PROXY_PORTS = $ports_all|" \
        -e "s|^define REDIRECT_PORTS = .*|define REDIRECT_PORTS = $ports_set|" \
        -e "s|^define QUIC_DEST4 = .*|define QUIC_DEST4 = $d4|" \
        -e "s|^define QUIC_DEST6 = .*|define QUIC_DEST6 = $d6|" \
        -e "s|redirect to :\\\$PROXY_PORT\$|redirect to :$target|" \
        "$RULESET" |
        if [ "$keep4" = 1 ] && [ "$keep6" = 1 ]; then cat
        elif [ "$keep4" = 1 ]; then grep -v 'daddr \$QUIC_DEST6'
        elif [ "$keep6" = 1 ]; then grep -v 'daddr \$QUIC_DEST4'
        else grep -v 'daddr \$QUIC_DEST[46]'
        fi
}

rules=$(render)
# The rewrite must have hit every define: a renamed define in the file would otherwise load the
# file's example interface instead of the one asked for.
for name in LAN_IFS PROXY_PORT PROXY_PORTS REDIRECT_PORTS; do
    printf '%s\n' "$rules" | grep -q "^define $name = " || die "$RULESET lacks 'define $name = ...'"
done
printf '%s\n' "$rules" | grep -q "^define LAN_IFS = $ifs_set\$" || die "could not set LAN_IFS in $RULESET"
printf '%s\n' "$rules" | grep -qF "redirect to :$target" ||
    die "$RULESET lacks the rule ending in 'redirect to :\$PROXY_PORT'"

case $MODE in
    print)
        printf '%s\n' "$rules"
        exit 0
        ;;
    check)
        need nft nftables
        printf '%s\n' "$rules" | nft -c -f - && note "ruleset OK"
        exit 0
        ;;
esac

if [ "$DRY_RUN" = 1 ]; then
    printf "+ nft -f - <<'EOF'\n%s\nEOF\n" "$rules"
    exit 0
fi
need_root
need nft nftables
printf '%s\n' "$rules" | nft -f - || die "nft refused the ruleset (nothing was changed)"
note "table inet $LW_NFT_TABLE loaded: tcp/$(echo "$ports_set" | tr -d '{} ') from$IFACES -> port(s) $(echo $PROXY_PORTS)$([ "$QUIC_DROP" = 1 ] && echo "; dropping udp/443")"

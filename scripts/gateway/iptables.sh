#!/bin/sh
# Redirect a client segment's web traffic into llm-warden (mitmproxy --mode transparent) with
# iptables and ip6tables, and drop its QUIC so clients fall back to TCP, where the proxy sees them.
# Run with --help for the options. Idempotent: the rules live in chains of their own, rebuilt on
# every run; teardown.sh removes them.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/common.sh"

usage() {
    cat <<EOF
Usage: ${0##*/} -i IFACE [-i IFACE ...] [options]

Redirect TCP 443 and 80 arriving on the client-facing interface(s) to llm-warden running with
--mode transparent on this gateway, and drop UDP 443 (QUIC/HTTP3) forwarded from them so that
browsers and SDKs fall back to TCP, which the proxy can decrypt. IPv4 (iptables) and IPv6
(ip6tables) both, unless -4 or -6 is given: a segment with IPv6 and only IPv4 rules lets every
client with a v6 route reach the LLM APIs uninspected.

Options:
  -i, --lan-if IFACE     client-facing interface (repeat for several); required
  -p, --port PORT        port llm-warden listens on (default: 8080). Repeat it for several
                         replicas on this host: new connections go to each port in turn
      --no-http          redirect TCP 443 only (default: 443 and 80)
      --quic-dest CIDR   drop UDP 443 only towards this network (repeatable; IPv4 or IPv6).
                         Default: drop UDP 443 to every destination, which needs no list of LLM
                         provider addresses (they sit behind CDNs and change)
      --no-quic-drop     do not drop UDP 443 (QUIC to LLM hosts then bypasses the proxy)
  -4                     IPv4 only (iptables)
  -6                     IPv6 only (ip6tables)
  -n, --dry-run          print the commands instead of running them
  -h, --help             show this help

What it creates (teardown.sh removes it):
  nat    PREROUTING -i IFACE -p tcp -j $LW_NAT_CHAIN     (first in the chain)
  nat    $LW_NAT_CHAIN: tcp dport 443,80, not to this host -> REDIRECT --to-ports PORT
         (several ports: "-m statistic --mode nth" spreads new connections over them)
  filter FORWARD    -i IFACE -p udp -j $LW_FILTER_CHAIN    (first in the chain)
  filter $LW_FILTER_CHAIN: udp dport 443 -> DROP
  filter INPUT      -i IFACE -p tcp -j $LW_GUARD_CHAIN   (first in the chain)
  filter $LW_GUARD_CHAIN: tcp dport PORT, not redirected -> REJECT (tcp-reset)
         (a client connecting to the proxy port directly would make the proxy connect to
         itself: only connections the REDIRECT rule delivered may reach it)

Also needed: IP forwarding (enable-forwarding.sh) and llm-warden itself, e.g.
  llm-warden run --mode transparent --showhost --listen-port PORT --set warden_ipmap=...
Keep the rules in place when the proxy stops: redirected connections are then refused (fail
closed); removing the rules instead would let LLM traffic out uninspected.

Example:
  ${0##*/} -i eth1 --port 8080
  ${0##*/} -i eth1 --dry-run
EOF
}

V4=1
V6=1

while [ $# -gt 0 ]; do
    redirect_option "$@"
    if [ "$TAKEN" -gt 0 ]; then shift "$TAKEN"; continue; fi
    case $1 in
        -4) V6=0; shift ;;
        -6) V4=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

[ -n "$IFACES" ] || { usage >&2; die "at least one --lan-if is required"; }
[ "$V4" = 1 ] || [ "$V6" = 1 ] || die "-4 and -6 together select nothing"
[ "$QUIC_DROP" = 1 ] || [ -z "$QUIC_DESTS" ] || die "--quic-dest and --no-quic-drop contradict each other"
need_root
[ -n "$PROXY_PORTS" ] || PROXY_PORTS=8080
set -- $PROXY_PORTS
REPLICAS=$#

PORTS=443
[ "$HTTP" = 1 ] && PORTS=443,80

# The "-D ..." lines that remove every jump from BUILTIN (in TABLE) to CHAIN, whatever interface
# it was for, so that a re-run with other interfaces replaces the old jumps instead of adding to them.
old_jumps() {
    ipt=$1 table=$2 builtin=$3 chain=$4
    # -S prints "-A PREROUTING -i eth1 -p tcp -j CHAIN": the same words after -D delete it.
    $ipt -w "$LW_IPT_WAIT" -t "$table" -S "$builtin" 2>/dev/null | grep -- "-j $chain\$" | sed 's/^-A /-D /' || true
}

# One iptables-restore transaction per table: the chains are rebuilt and the jumps replaced
# atomically, so there is no moment in which new connections slip past the proxy (applying rule
# by rule would flush the redirect chain first). "--noflush" keeps everyone else's rules; a chain
# declared with ":NAME" is created, or flushed when it exists.
batch() {
    family=$1 ipt=$2
    echo "*nat"
    echo ":$LW_NAT_CHAIN - [0:0]"
    # Traffic addressed to the gateway itself (its own web UI, say) is not an egress request.
    echo "-A $LW_NAT_CHAIN -m addrtype --dst-type LOCAL -j RETURN"
    # One port: redirect everything there. N ports: the first rule takes every Nth new
    # connection, the next every (N-1)th of the rest, ..., the last takes what is left, so the
    # replicas get connections in turn. (Only a connection's first packet passes the nat table.)
    left=$REPLICAS
    for port in $PROXY_PORTS; do
        if [ "$left" -gt 1 ]; then
            echo "-A $LW_NAT_CHAIN -p tcp -m multiport --dports $PORTS -m statistic --mode nth --every $left --packet 0 -j REDIRECT --to-ports $port"
        else
            echo "-A $LW_NAT_CHAIN -p tcp -m multiport --dports $PORTS -j REDIRECT --to-ports $port"
        fi
        left=$((left - 1))
    done
    old_jumps "$ipt" nat PREROUTING "$LW_NAT_CHAIN"
    for ifc in $IFACES; do
        # First in PREROUTING: a DNAT placed earlier by another tool must not send LLM traffic
        # around the proxy.
        echo "-I PREROUTING 1 -i $ifc -p tcp -j $LW_NAT_CHAIN"
    done
    echo "COMMIT"

    echo "*filter"
    # Only redirected connections may reach the proxy port from the segment. A direct one has
    # the proxy itself as its "original destination", so the proxy would connect to itself.
    echo ":$LW_GUARD_CHAIN - [0:0]"
    echo "-A $LW_GUARD_CHAIN -p tcp -m multiport --dports $(echo $PROXY_PORTS | tr ' ' ,) -m conntrack ! --ctstate DNAT -j REJECT --reject-with tcp-reset"
    old_jumps "$ipt" filter INPUT "$LW_GUARD_CHAIN"
    for ifc in $IFACES; do
        echo "-I INPUT 1 -i $ifc -p tcp -j $LW_GUARD_CHAIN"
    done
    echo ":$LW_FILTER_CHAIN - [0:0]"
    old_jumps "$ipt" filter FORWARD "$LW_FILTER_CHAIN"
    if [ "$QUIC_DROP" = 1 ]; then
        if [ -z "$QUIC_DESTS" ]; then
            echo "-A $LW_FILTER_CHAIN -p udp --dport 443 -j DROP"
        else
            for d in $QUIC_DESTS; do
                if [ "$family" = ipv6 ] && is_ipv6 "$d" || { [ "$family" = ipv4 ] && ! is_ipv6 "$d"; }; then
                    echo "-A $LW_FILTER_CHAIN -p udp -d $d --dport 443 -j DROP"
                fi
            done
        fi
        for ifc in $IFACES; do
            # First in FORWARD, ahead of any "accept established / accept all" rule.
            echo "-I FORWARD 1 -i $ifc -p udp -j $LW_FILTER_CHAIN"
        done
    fi
    echo "COMMIT"
}

apply_family() {
    family=$1 ipt=$2
    if [ "$DRY_RUN" != 1 ]; then
        need "$ipt" iptables
        need "$ipt-restore" iptables
        # Without the nat table (no kernel support for IPv6 NAT, say) nothing would be redirected.
        $ipt -w "$LW_IPT_WAIT" -t nat -S PREROUTING >/dev/null 2>&1 ||
            die "$ipt has no usable nat table; cannot redirect $family traffic"
    fi
    rules=$(batch "$family" "$ipt")
    if [ "$DRY_RUN" = 1 ]; then
        printf "+ %s-restore --noflush -w %s <<'EOF'\n%s\nEOF\n" "$ipt" "$LW_IPT_WAIT" "$rules"
    else
        printf '%s\n' "$rules" | "$ipt-restore" --noflush -w "$LW_IPT_WAIT" ||
            die "$ipt-restore refused the rules (nothing was changed for $family)"
    fi
}

if [ "$V4" = 1 ]; then apply_family ipv4 iptables; fi
if [ "$V6" = 1 ]; then apply_family ipv6 ip6tables; fi

if [ "$DRY_RUN" != 1 ]; then
    note "redirecting tcp/${PORTS} from${IFACES} to port(s) $(echo $PROXY_PORTS)$([ "$QUIC_DROP" = 1 ] && echo "; dropping udp/443")"
fi

#!/bin/sh
# Remove what iptables.sh and nftables.sh installed (and, on request, turn forwarding off).
# Run with --help for the options. Idempotent: whatever is already gone is skipped.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/common.sh"

usage() {
    cat <<EOF
Usage: ${0##*/} [options]

Remove the llm-warden gateway rules: the jumps to $LW_NAT_CHAIN (nat PREROUTING),
$LW_FILTER_CHAIN (filter FORWARD) and $LW_GUARD_CHAIN (filter INPUT) and those chains, for
iptables and ip6tables, and the nftables table inet $LW_NFT_TABLE. Rules of other tools are not
touched.

Removing the rules while the segment still routes through this host lets its LLM traffic out
uninspected: stop forwarding too (--disable-forwarding) unless clients are moved elsewhere.

Options:
      --disable-forwarding  also set net.ipv4.ip_forward and net.ipv6.conf.all.forwarding to 0
  -n, --dry-run             print the commands instead of running them
  -h, --help                show this help
EOF
}

FORWARDING=0
while [ $# -gt 0 ]; do
    case $1 in
        --disable-forwarding) FORWARDING=1; shift ;;
        -n | --dry-run) DRY_RUN=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
need_root

removed=0

teardown_ipt() {
    ipt=$1
    command -v "$ipt" >/dev/null 2>&1 || return 0
    for pair in "nat PREROUTING $LW_NAT_CHAIN" "filter FORWARD $LW_FILTER_CHAIN" "filter INPUT $LW_GUARD_CHAIN"; do
        # shellcheck disable=SC2086  # split "table builtin chain"
        set -- $pair
        table=$1 builtin=$2 chain=$3
        $ipt -w "$LW_IPT_WAIT" -t "$table" -S "$chain" >/dev/null 2>&1 || continue
        $ipt -w "$LW_IPT_WAIT" -t "$table" -S "$builtin" 2>/dev/null | grep -- "-j $chain\$" | sed 's/^-A //' |
            while IFS= read -r spec; do
                # shellcheck disable=SC2086  # the printed rule, word by word
                run $ipt -w "$LW_IPT_WAIT" -t "$table" -D $spec
            done
        run "$ipt" -w "$LW_IPT_WAIT" -t "$table" -F "$chain"
        run "$ipt" -w "$LW_IPT_WAIT" -t "$table" -X "$chain"
        removed=1
    done
}

teardown_ipt iptables
teardown_ipt ip6tables

if command -v nft >/dev/null 2>&1 && nft list table inet "$LW_NFT_TABLE" >/dev/null 2>&1; then
    run nft delete table inet "$LW_NFT_TABLE"
    removed=1
fi

if [ "$FORWARDING" = 1 ]; then
    for key in net.ipv4.ip_forward net.ipv6.conf.all.forwarding; do
        path=/proc/sys/$(printf '%s' "$key" | tr . /)
        [ -e "$path" ] && [ "$(cat "$path")" != 0 ] || continue
        if [ "$DRY_RUN" = 1 ]; then printf '+ echo 0 > %s\n' "$path"; else echo 0 >"$path"; fi
    done
fi

if [ "$DRY_RUN" != 1 ]; then
    if [ "$removed" = 1 ]; then note "llm-warden gateway rules removed"; else note "no llm-warden gateway rules found"; fi
fi

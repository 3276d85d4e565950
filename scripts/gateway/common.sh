# Shared helpers for the llm-warden gateway scripts (sourced, not run).
#
# Every script here changes a router's packet path, so each one can print what it would do
# (--dry-run) before doing it, validates its arguments before touching anything, and is safe to
# run again: re-running with the same arguments leaves the same state, re-running with other
# arguments replaces the previous state instead of adding to it.

# Names shared by iptables.sh, nftables.sh and teardown.sh: teardown must find what apply made.
LW_NAT_CHAIN=LLM_WARDEN_REDIRECT     # iptables/ip6tables, table nat, jumped to from PREROUTING
LW_FILTER_CHAIN=LLM_WARDEN_QUIC      # iptables/ip6tables, table filter, jumped to from FORWARD
LW_GUARD_CHAIN=LLM_WARDEN_GUARD      # iptables/ip6tables, table filter, jumped to from INPUT
LW_NFT_TABLE=llm_warden              # nftables: table inet llm_warden
LW_IPT_WAIT=10                       # seconds to wait for the xtables lock (shared by all netns)

DRY_RUN=${DRY_RUN:-0}

die() {
    printf '%s: error: %s\n' "${0##*/}" "$*" >&2
    exit 2
}

note() {
    printf '%s: %s\n' "${0##*/}" "$*" >&2
}

# Print a command as the shell would read it back.
show() {
    out='+'
    for a in "$@"; do
        case $a in
            *[!A-Za-z0-9_./:=,+@%-]* | '') out="$out '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
            *) out="$out $a" ;;
        esac
    done
    printf '%s\n' "$out"
}

# Run a command that changes state; in dry-run mode only print it.
run() {
    if [ "$DRY_RUN" = 1 ]; then
        show "$@"
    else
        "$@"
    fi
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 not found (install: ${2:-$1})"
}

need_root() {
    [ "$DRY_RUN" = 1 ] && return 0
    [ "$(id -u)" = 0 ] || die "must run as root (or use --dry-run to print the commands)"
}

check_iface() {
    # Linux interface names: 1-15 characters, no '/', no whitespace. Refuse anything else so a
    # typo cannot turn into an nft syntax error (or a rule that matches nothing).
    case $1 in
        '' | *[!A-Za-z0-9_.@:-]*) die "invalid interface name: '$1'" ;;
    esac
    [ "${#1}" -le 15 ] || die "interface name longer than 15 characters: '$1'"
}

check_port() {
    case $1 in
        '' | *[!0-9]*) die "invalid port: '$1'" ;;
    esac
    [ "$1" -ge 1 ] && [ "$1" -le 65535 ] || die "port out of range: '$1'"
}

check_cidr() {
    case $1 in
        '' | *[!0-9A-Fa-f.:/]*) die "invalid address or network: '$1'" ;;
    esac
}

is_ipv6() {
    case $1 in *:*) return 0 ;; *) return 1 ;; esac
}

# The options iptables.sh and nftables.sh share. Defaults first, then redirect_option, which takes
# one option from the front of "$@", updates IFACES, PROXY_PORTS, HTTP, QUIC_DESTS, QUIC_DROP or
# DRY_RUN, and sets TAKEN to how many arguments it used (0: not a shared option).
IFACES=
PROXY_PORTS=
HTTP=1
QUIC_DROP=1
QUIC_DESTS=

redirect_option() {
    TAKEN=1
    case $1 in
        -i | --lan-if) [ $# -ge 2 ] || die "$1 needs a value"; check_iface "$2"; IFACES="$IFACES $2"; TAKEN=2 ;;
        --lan-if=*) check_iface "${1#*=}"; IFACES="$IFACES ${1#*=}" ;;
        -p | --port) [ $# -ge 2 ] || die "$1 needs a value"; check_port "$2"; PROXY_PORTS="$PROXY_PORTS $2"; TAKEN=2 ;;
        --port=*) check_port "${1#*=}"; PROXY_PORTS="$PROXY_PORTS ${1#*=}" ;;
        --no-http) HTTP=0 ;;
        --quic-dest) [ $# -ge 2 ] || die "$1 needs a value"; check_cidr "$2"; QUIC_DESTS="$QUIC_DESTS $2"; TAKEN=2 ;;
        --quic-dest=*) check_cidr "${1#*=}"; QUIC_DESTS="$QUIC_DESTS ${1#*=}" ;;
        --no-quic-drop) QUIC_DROP=0 ;;
        -n | --dry-run) DRY_RUN=1 ;;
        *) TAKEN=0 ;;
    esac
}

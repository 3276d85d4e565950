"""Credential detectors: provider key formats, PEM keys, JWTs, passwords, entropy in context.

Three layers, from most to least specific:

1. **Provider formats** (``RULES``): keys whose shape alone identifies them (``ghp_…``, ``AKIA…``,
   ``sk-ant-…``). The formats follow the public gitleaks and detect-secrets rule sets, rewritten
   here so that each regex is bounded (no nested unbounded quantifiers) and runs only when one of
   its literal keywords occurs in the text: most prompts contain none, so most rules never run.
2. **Structural secrets**: PEM private keys, JWTs (header must decode to JSON with ``alg``),
   passwords in URLs, ``Authorization`` headers, ``password=``-style assignments.
3. **Entropy in context**: a random-looking token close to a credential word on the same line.

Every finding is ``SECRET`` with a ``kind``; the span covers the secret value only (not the
``password=`` in front of it), so redaction keeps the surrounding text readable.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..types import Finding

__all__ = ["Rule", "RULES", "find_secrets", "shannon_entropy", "kinds"]

DETECTOR = "secret"
TYPE = "SECRET"


def shannon_entropy(s: str) -> float:
    """Bits per character of ``s`` (0.0 for the empty string)."""
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def _mixed(s: str) -> bool:
    """Has letters and digits: random keys almost always do, words and identifiers rarely."""
    return any(c.isdigit() for c in s) and any(c.isalpha() for c in s)


@dataclass(frozen=True, slots=True)
class Rule:
    """One provider key format.

    ``keywords`` are lower-case literals, at least one of which must occur in the lower-cased text
    for the regex to run at all (a cheap ``in`` test, the gitleaks trick). ``group`` names the
    part of the match that is the secret. ``check`` is an extra validator on that part.
    """

    kind: str
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]
    group: int = 0
    score: float = 0.97
    check: Callable[[str], bool] | None = None
    before: re.Pattern[str] | None = None  # the match must not follow a character of this class


# Boundaries used around key bodies: a key must not be glued to more key-ish characters.
_L = r"(?<![A-Za-z0-9_\-])"
_R = r"(?![A-Za-z0-9_\-])"


def _r(kind: str, regex: str, keywords: tuple[str, ...] | str, *, group: int = 0,
       score: float = 0.97, check: Callable[[str], bool] | None = None, flags: int = 0) -> Rule:
    kws = (keywords,) if isinstance(keywords, str) else keywords
    # A leading negative lookbehind hides the literal prefix from the regex engine's fast scan
    # (one rule went from ~25 to ~2 ns per character without it); check it in Python instead.
    before = None
    lead = _LEADING_LOOKBEHIND_RE.match(regex)
    if lead is not None and group == 0:
        before = re.compile(f"[{lead.group(1)}]")
        regex = regex[lead.end() :]
    return Rule(kind, re.compile(regex, flags), tuple(k.lower() for k in kws), group, score, check,
                before)


_LEADING_LOOKBEHIND_RE = re.compile(r"^\(\?<!\[((?:[^\]\\]|\\.)*)\]\)")


def _entropy_at_least(bits: float) -> Callable[[str], bool]:
    return lambda s: shannon_entropy(s) >= bits


def _random_enough(s: str) -> bool:
    return _mixed(s) and shannon_entropy(s) >= 3.0


# Assignment operator between a context word and a value, as in gitleaks' generic rules.
_ASSIGN = r"""[\w.\-]{0,20}["']?\s{0,3}(?:=|:=|:|=>|\|\|)\s{0,3}["'`]?"""

RULES: tuple[Rule, ...] = (
    # --- AI providers -----------------------------------------------------------------------
    _r("anthropic_api_key", _L + r"sk-ant-(?:api|admin|oat|ort|sid)\d{2}-[A-Za-z0-9_\-]{32,200}" + _R, "sk-ant-"),
    _r("openai_api_key", _L + r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{32,250}" + _R, "sk-"),
    _r("openai_api_key", _L + r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}" + _R, "t3blbkfj"),
    _r("openai_api_key", _L + r"sk-(?!ant-)[A-Za-z0-9]{32,64}" + _R, "sk-", score=0.9, check=_random_enough),
    _r("huggingface_token", _L + r"hf_[A-Za-z0-9]{34,40}" + _R, "hf_", check=_entropy_at_least(3.5)),
    _r("huggingface_token", _L + r"api_org_[A-Za-z0-9]{34}" + _R, "api_org_", check=_entropy_at_least(3.5)),
    _r("groq_api_key", _L + r"gsk_[A-Za-z0-9]{52}" + _R, "gsk_"),
    _r("replicate_api_token", _L + r"r8_[A-Za-z0-9]{37}" + _R, "r8_", check=_random_enough),
    _r("xai_api_key", _L + r"xai-[A-Za-z0-9]{80}" + _R, "xai-"),
    _r("perplexity_api_key", _L + r"pplx-[A-Za-z0-9]{48}" + _R, "pplx-"),
    _r("cohere_api_key", r"(?i)(?:cohere|co_api_key)" + _ASSIGN + r"([A-Za-z0-9]{40})" + _R, ("cohere", "co_api_key"), group=1, check=_random_enough),
    _r("mistral_api_key", r"(?i)mistral" + _ASSIGN + r"([A-Za-z0-9]{32})" + _R, "mistral", group=1, check=_random_enough),
    # --- Cloud ------------------------------------------------------------------------------
    _r("aws_access_key_id", r"(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])", ("akia", "asia", "abia", "acca", "a3t")),
    _r("aws_secret_access_key", r"(?i)aws_?(?:secret|sec)_?(?:access_?)?key(?:_id)?[\"']?\s{0,3}(?:=|:|=>)\s{0,3}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", "secret", group=1, check=_random_enough),
    _r("aws_session_token", r"(?i)aws_?session_?token[\"']?\s{0,3}(?:=|:|=>)\s{0,3}[\"']?([A-Za-z0-9/+=]{100,1200})", "session", group=1),
    _r("google_api_key", _L + r"AIza[0-9A-Za-z_\-]{35}" + _R, "aiza"),
    _r("google_oauth_client_secret", _L + r"GOCSPX-[A-Za-z0-9_\-]{28}" + _R, "gocspx-"),
    _r("google_oauth_token", _L + r"ya29\.[0-9A-Za-z_\-]{30,2048}" + _R, "ya29."),
    _r("google_oauth_refresh_token", _L + r"1//0[0-9A-Za-z_\-]{40,512}" + _R, "1//0"),
    _r("azure_storage_key", r"(?i)AccountKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{86}==)", "accountkey", group=1),
    _r("azure_shared_access_key", r"(?i)SharedAccessKey\s{0,3}=\s{0,3}([A-Za-z0-9+/]{42,44}=)", "sharedaccesskey", group=1),
    _r("azure_sas_token", r"(?i)[?&]sig=([A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})", "sig=", group=1),
    _r("azure_ad_client_secret", r"(?<![\w~.\-])[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.\-]{31,34}(?![\w~.\-])", "q~"),
    _r("alibaba_access_key_id", r"(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{20}(?![A-Za-z0-9])", "ltai", check=_random_enough),
    _r("digitalocean_token", _L + r"do[opr]_v1_[a-f0-9]{64}" + _R, "_v1_"),
    _r("heroku_api_key", _L + r"HRKU-AA[0-9a-zA-Z_\-]{58}" + _R, "hrku-"),
    _r("heroku_api_key", r"(?i)heroku" + _ASSIGN + r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + _R, "heroku", group=1),
    _r("databricks_token", _L + r"dapi[a-f0-9]{32}(?:-\d)?" + _R, "dapi"),
    _r("cloudflare_api_token", r"(?i)cloudflare" + _ASSIGN + r"([A-Za-z0-9_\-]{37,40})" + _R, "cloudflare", group=1, check=_random_enough),
    _r("flyio_token", _L + r"fo1_[\w\-]{43}" + _R, "fo1_"),
    _r("vault_token", r"(?<![\w.])hv[sbr]\.[A-Za-z0-9_\-]{24,300}" + _R, ("hvs.", "hvb.", "hvr.")),
    _r("terraform_cloud_token", _L + r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70}" + _R, "atlasv1"),
    _r("pulumi_token", _L + r"pul-[a-f0-9]{40}" + _R, "pul-"),
    _r("doppler_token", _L + r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}" + _R, "dp."),
    _r("planetscale_token", _L + r"pscale_(?:tkn|oauth|pw)_[\w=.\-]{32,64}" + _R, "pscale_"),
    # --- Code hosting and packages ------------------------------------------------------------
    _r("github_token", _L + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _R, ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _r("github_token", _L + r"github_pat_[A-Za-z0-9_]{60,251}" + _R, "github_pat_"),
    _r("gitlab_token", _L + r"gl(?:pat|dt|rt|cbt|ptt|soat|ft|imt|agent|oas|ffct)-[A-Za-z0-9_\-]{20,300}(?:\.[0-9a-z]{9})?" + _R,
       ("glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glsoat-", "glft-", "glimt-", "glagent-", "gloas-", "glffct-")),
    _r("gitlab_token", _L + r"GR1348941[\w\-]{20}" + _R, "gr1348941"),
    _r("docker_hub_token", _L + r"dckr_pat_[A-Za-z0-9_\-]{27,64}" + _R, "dckr_pat_"),
    _r("npm_token", _L + r"npm_[A-Za-z0-9]{36}" + _R, "npm_", check=_random_enough),
    _r("pypi_token", _L + r"pypi-AgE[A-Za-z0-9_\-]{50,1000}" + _R, "pypi-age"),
    _r("rubygems_token", _L + r"rubygems_[a-f0-9]{48}" + _R, "rubygems_"),
    _r("atlassian_api_token", _L + r"ATATT3[A-Za-z0-9_\-=]{150,250}" + _R, "atatt3"),
    _r("atlassian_api_token", r"(?i)(?:atlassian|confluence|jira)" + _ASSIGN + r"([A-Za-z0-9]{24})" + _R, ("atlassian", "confluence", "jira"), group=1, check=_random_enough),
    _r("linear_api_key", _L + r"lin_api_[A-Za-z0-9]{40}" + _R, "lin_api_"),
    _r("notion_token", _L + r"ntn_\d{11}[A-Za-z0-9]{35}" + _R, "ntn_"),
    _r("notion_token", _L + r"secret_[A-Za-z0-9]{43}" + _R, "secret_", check=_random_enough),
    _r("postman_api_key", _L + r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}" + _R, "pmak-"),
    _r("sentry_token", _L + r"sntry[us]_[A-Za-z0-9+/=_]{40,300}" + _R, "sntry"),
    _r("grafana_token", _L + r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}" + _R, "glsa_"),
    _r("grafana_token", _L + r"glc_[A-Za-z0-9+/]{32,400}={0,2}" + _R, "glc_"),
    _r("dynatrace_token", _L + r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}" + _R, "dt0c01."),
    _r("new_relic_key", _L + r"NR(?:AK|II)-[A-Za-z0-9\-]{27,32}" + _R, ("nrak-", "nrii-")),
    _r("datadog_api_key", r"(?i)(?:datadog|dd)[_\-]?(?:api|app|application)[_\-]?key[\"']?\s{0,3}(?:=|:|=>)\s{0,3}[\"']?([a-f0-9]{32}|[a-f0-9]{40})(?![A-Za-z0-9])", ("datadog", "dd_", "dd-"), group=1),
    _r("onepassword_token", _L + r"ops_eyJ[A-Za-z0-9+/]{250,2000}={0,3}", "ops_eyj"),
    _r("age_secret_key", r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", "age-secret-key-1"),
    # --- Messaging and e-mail -------------------------------------------------------------------
    _r("slack_token", _L + r"xox[abposre]-(?:\d-)?[0-9A-Za-z]{6,20}-[0-9A-Za-z\-]{6,250}" + _R, "xox"),
    _r("slack_token", _L + r"xapp-\d-[A-Z0-9]{6,20}-\d{6,20}-[a-z0-9]{32,80}" + _R, "xapp-"),
    _r("slack_webhook", r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{20,120}", "hooks.slack.com"),
    _r("discord_webhook", r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{5,30}/[A-Za-z0-9_\-]{60,100}", "discord"),
    _r("discord_bot_token", r"(?<![\w\-.])[MNO][A-Za-z\d_\-]{23,27}\.[A-Za-z\d_\-]{6}\.[A-Za-z\d_\-]{27,40}(?![\w\-.])", ".", score=0.9, check=_random_enough),
    _r("telegram_bot_token", r"(?<![\w:])\d{8,10}:AA[A-Za-z0-9_\-]{33}" + _R, ":aa"),
    _r("teams_webhook", r"https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[a-f0-9\-]{36}@[a-f0-9\-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36}", "webhookb2"),
    _r("twilio_api_key", r"(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])", "sk", check=_random_enough),
    _r("twilio_auth_token", r"(?i)twilio" + _ASSIGN + r"([a-f0-9]{32})(?![A-Za-z0-9])", "twilio", group=1, check=_random_enough),
    _r("sendgrid_api_key", _L + r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _R, "sg."),
    _r("mailgun_api_key", r"(?<![\w\-])key-[a-f0-9]{32}" + _R, "key-", check=_random_enough),
    _r("mailchimp_api_key", r"(?<![A-Za-z0-9])[a-f0-9]{32}-us\d{1,2}" + _R, "-us", check=_random_enough),
    _r("brevo_api_key", _L + r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}" + _R, "xkeysib-"),
    # --- Payments and commerce ------------------------------------------------------------------
    _r("stripe_secret_key", _L + r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,247}" + _R, ("sk_live", "sk_test", "sk_prod", "rk_live", "rk_test", "rk_prod")),
    _r("stripe_webhook_secret", _L + r"whsec_[A-Za-z0-9]{32,64}" + _R, "whsec_"),
    _r("stripe_card_token", _L + r"tok_live_[A-Za-z0-9]{20,40}" + _R, "tok_live_"),
    _r("flutterwave_secret_key", _L + r"FLWSECK(?:_TEST)?-[a-f0-9]{32}-X" + _R, "flwseck"),
    _r("shopify_token", _L + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _R, "shp"),
    _r("square_token", _L + r"(?:sq0atp|sq0csp)-[0-9A-Za-z_\-]{22,60}" + _R, "sq0"),
    _r("square_token", _L + r"EAAA[A-Za-z0-9_\-]{60}" + _R, "eaaa", check=_random_enough),
    _r("facebook_access_token", _L + r"EAA[MC][A-Za-z0-9]{100,400}" + _R, ("eaam", "eaac")),
)

#: Names of every ``kind`` this module can report.
_STRUCTURAL_KINDS = (
    "pem_private_key", "jwt", "url_password", "basic_auth", "bearer_token", "password", "session_cookie",
    "generic_secret", "high_entropy_string",
)


def kinds() -> list[str]:
    """Every ``kind`` the secret detector can emit, sorted."""
    return sorted({r.kind for r in RULES} | set(_STRUCTURAL_KINDS))


# --------------------------------------------------------------------------------------------
# Structural secrets
# --------------------------------------------------------------------------------------------

_PEM_BEGIN_RE = re.compile(r"-----BEGIN[ A-Z0-9_\-]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_PEM_END_RE = re.compile(r"-----END[ A-Z0-9_\-]{0,40}PRIVATE KEY(?: BLOCK)?-----")
# A body without its END line (truncated paste): base64, whitespace, JSON-escaped newlines.
_PEM_BODY_RE = re.compile(r"(?:[A-Za-z0-9+/=\s:\-]|\\n|\\r){16,20000}")


def _find_pem(text: str) -> Iterator[Finding]:
    pos = 0
    while True:
        m = _PEM_BEGIN_RE.search(text, pos)
        if m is None:
            return
        end_m = _PEM_END_RE.search(text, m.end(), m.end() + 20000)
        if end_m is not None:
            end = end_m.end()
        else:
            body = _PEM_BODY_RE.match(text, m.end())
            end = body.end() if body else m.end()
            end = len(text[:end].rstrip())
        yield Finding(TYPE, m.start(), end, 0.99, DETECTOR, "pem_private_key")
        pos = end


_JWT_RE = re.compile(r"(?<![\w\-.])eyJ[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{4,8000}\.[A-Za-z0-9_\-]{0,2000}(?![\w\-])")


def _b64url_json(part: str) -> object:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _find_jwts(text: str) -> Iterator[Finding]:
    for m in _JWT_RE.finditer(text):
        header = _b64url_json(m.group(0).split(".", 1)[0])
        if isinstance(header, dict) and "alg" in header:
            yield Finding(TYPE, m.start(), m.end(), 0.97, DETECTOR, "jwt")


_URL_PASSWORD_RE = re.compile(
    r"(?i)(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]{1,20}://([^\s:/?#@'\"<>]{0,128}):([^\s/?'\"<>]{1,256})@(?=[\w.\-\[])"
)
# Go's MySQL driver and friends write DSNs without a scheme: "user:pass@tcp(host:3306)/db".
_DSN_PASSWORD_RE = re.compile(
    r"(?<![\w.\-])[\w.\-]{1,64}:([^\s:/@'\"<>]{1,256})@(?:tcp|udp|unix|unixgram|tcp6)\("
)
_BASIC_RE = re.compile(r"(?i)\bBasic\s+([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])")
_BEARER_RE = re.compile(r"(?i)\bBearer\s+([A-Za-z0-9_\-.~+/]{16,4000}=*)(?![A-Za-z0-9_\-.~+/=])")

_PLACEHOLDER_RE = re.compile(
    r"""(?ix)^(?:
        \$\{?[\w.:\-]*\}? | \$\(.*\) | \{\{.*\}\} | \{[\w.]*\} | <[^>]*> | \[[^\]]*\] | %\(?\w*\)?s?%?
      | \*+ | x{3,} | \.{3,} | _+ | -+ | #+ | •+
      | none | null | nil | true | false | undefined | required | optional | empty | unset | n/?a
      | str | string | int | bool | bytes | any | object | secretstr | text | varchar(?:\(\d+\))?
      | password | passwd | pass | pwd | secret | token | key | api[_\-]?key | credentials?
      | change[_\-]?me | change[_\-]?it | changeme\d* | please[_\-]?change | todo | tbd | fixme | replace[_\-]?me
      | redacted | hidden | masked | removed | omitted | placeholder | example | sample | dummy | foo | bar
      | your[_\-\s].* | my[_\-]?(?:password|secret|token|key).* | .*_here | insert[_\-\s].* | enter[_\-\s].*
      | env(?:\[.*|\..*)? | os\.environ.* | os\.getenv.* | process\.env.* | getenv.* | secrets\..* | vault:.*
    )$"""
)


# "<your-key>", "<PASSWORD>": a slot to fill in. A random salt may hold "<" and ">" apart.
_ANGLE_SLOT_RE = re.compile(r"<[\w .\-:/]{0,40}>?$|<[\w .\-:/]{1,40}>")


def _is_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER_RE.match(value)) or "example" in value.lower() or _ANGLE_SLOT_RE.search(value) is not None


def _find_url_passwords(text: str) -> Iterator[Finding]:
    for m in _URL_PASSWORD_RE.finditer(text) if "://" in text else ():
        pw = m.group(2)
        if _is_placeholder(pw) or pw.startswith("$") or "${" in pw or pw.endswith("}") or pw.lower() in ("x-oauth-basic",):
            continue
        yield Finding(TYPE, m.start(2), m.end(2), 0.95, DETECTOR, "url_password")
    for m in _DSN_PASSWORD_RE.finditer(text) if "@" in text else ():
        pw = m.group(1)
        if not (_is_placeholder(pw) or pw.startswith("$")):
            yield Finding(TYPE, m.start(1), m.end(1), 0.95, DETECTOR, "url_password")


def _find_auth_headers(text: str) -> Iterator[Finding]:
    if "basic" in text.lower():
        for m in _BASIC_RE.finditer(text):
            try:
                decoded = base64.b64decode(m.group(1) + "=" * (-len(m.group(1)) % 4)).decode("utf-8")
            except (binascii.Error, ValueError, UnicodeDecodeError):
                continue
            if ":" in decoded and len(decoded) >= 3:
                yield Finding(TYPE, m.start(1), m.end(1), 0.95, DETECTOR, "basic_auth")
    for m in _BEARER_RE.finditer(text):
        tok = m.group(1)
        if _is_placeholder(tok) or re.fullmatch(r"[A-Z0-9_]+", tok) or shannon_entropy(tok) < 3.0:
            continue
        yield Finding(TYPE, m.start(1), m.end(1), 0.93, DETECTOR, "bearer_token")


# --- key = value ------------------------------------------------------------------------------

_ASSIGN_RE = re.compile(
    r"(?i)(?:pass(?:word|wd|phrase|wort)?|pasword|passwrd|paswd|passowrd|pssword|pwd|pw|secret|token|session|api[_\-]?key|apikey|(?:access|private|auth|signing|master|encryption|app)[_\-]?key|app[_\-]?secret|credentials?|contrase[ñn]a|mot_de_passe)"
    r"[\w.\-]{0,30}(?P<kq>[\"']?)[ \t]{0,4}(?P<op>:=|=>|==?|:|[ \t](?:is|was|ist|est|es)[ \t])[ \t]{0,4}"
    r"(?:(?P<q>[\"'`])(?P<qv>[^\"'`\r\n]{1,256})(?P=q)|(?P<uv>[^\s\"'`,;)\]}<>]{1,256}))"
)
_CLI_FLAG_RE = re.compile(
    r"(?i)(?<![\w\-])--?(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|requirepass|masterauth)"
    # after a space, or as the next item of an argument array: ["redis-server", "--requirepass", "pw"]
    r"(?:[ \t]+|[\"'][ \t]*,[ \t]*)(?P<q>[\"']?)(?P<v>[^\s\"']{4,256})(?P=q)"
)
_PROSE_NEXT_RE = re.compile(r"[ \t]+[A-Za-z]")
# ``curl -u user:pass`` / ``--user=user:pass``: the password is everything after the first colon.
_CURL_USER_RE = re.compile(r"(?<![\w\-])(?:-u|--user)(?:[ \t]+|=)(?P<q>[\"']?)[^\s:\"']{1,64}:(?P<v>[^\s\"']{3,256})(?P=q)")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_PASSWORD_WORDS = frozenset({"password", "passwd", "passphrase", "pwd", "pass", "pw", "passwort",
                             "contraseña", "contrasena", "mot_de_passe"})
_SECRET_WORDS = frozenset({"secret", "secrets", "token", "apikey", "accesskey", "secretkey",
                           "privatekey", "credential", "credentials", "bearer", "authkey",
                           "authtoken", "accesstoken", "clientsecret", "signingkey", "session"})
_SECRET_PAIRS = frozenset({("api", "key"), ("access", "key"), ("private", "key"), ("auth", "key"),
                           ("signing", "key"), ("encryption", "key"), ("master", "key"),
                           ("secret", "key"), ("client", "secret"), ("access", "token"), ("app", "key"),
                           ("app", "secret"), ("master", "password")})
_NOT_SECRET_LAST = frozenset({
    "file", "files", "path", "url", "uri", "endpoint", "name", "names", "id", "ids", "length", "len",
    "size", "type", "types", "field", "policy", "count", "limit", "ttl", "expiry", "expires",
    "expiration", "header", "prefix", "env", "var", "ref", "regex", "pattern", "label", "hint",
    "reset", "required", "enabled", "format", "dir", "version", "usage", "budget", "cost", "max",
    "min", "hash", "hashed", "salt", "rounds", "iterations", "algorithm", "alg", "mode", "class",
    "manager", "provider", "store", "storage", "input", "form", "prompt", "validator", "strength",
    "confirm", "confirmation", "changed", "change", "updated", "at", "date", "time", "index",
    "position", "pos", "span", "idx", "num", "kind", "location", "source", "scope", "scopes",
    "encryption", "encrypted", "encoding", "hashing", "hasher", "scheme", "method", "methods",
    "complexity", "rotation", "expiry_days", "age", "history", "lockout", "attempts", "timeout",
})
_NOT_SECRET_ANY = frozenset({"tokens", "tokenizer", "tokenize", "tokenized", "tokenization",
                             "csrf", "xsrf", "public", "publishable", "bypass", "secretary",
                             "passthrough", "passage", "passenger", "compass", "surpass",
                             "secretariat", "secreted", "trespass", "passed", "passes", "passing",
                             "next", "page", "pagination", "cursor", "max", "num", "total"})
_CODE_VALUE_RE = re.compile(
    r"^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z]+(?:_[a-z]+)+|[a-z]+(?:[A-Z][a-z]+)+|[A-Z][A-Z_]*[A-Z]|\d+\.\d+|[\[{(].*|.*[\[(].*|(?:\.{0,2}/|~/|[A-Za-z]:\\)\S*)$"
)


def _password_shaped(value: str) -> bool:
    """Eight or more characters mixing letters, digits and symbols or both cases, no spaces: what a
    password looks like and a YAML value after ``pass:`` ("true", "compile", "3") does not."""
    if len(value) < 8 or " " in value or not any(c.isdigit() for c in value) or sum(c.isalpha() for c in value) < 3:
        return False
    if re.match(r"v?\d+(?:\.\d+)+", value) or re.match(r"\d{4}-\d\d-\d\d", value):
        return False  # "v1.2.3-beta", "2024-05-01T10:00"
    return (any(not c.isalnum() for c in value) or (any(c.isupper() for c in value) and any(c.islower() for c in value))) \
        and shannon_entropy(value) >= 2.5


_PASCAL_RE = re.compile(r"^(?:[A-Z][a-z0-9]+){2,}$|^[A-Z][a-z]+$")


def _weak_password_key(key: str) -> bool:
    """Keys whose only password word is the short, ambiguous ``pass``/``pw``."""
    words = _key_words(key)
    return not any(w in ("password", "passwd", "passphrase", "pwd", "passwort") or "password" in w
                   for w in words)


def _key_words(key: str) -> list[str]:
    """``dbPassword`` / ``DB_PASSWORD`` / ``db-password`` → ``["db", "password"]``."""
    key = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    return [w for w in re.split(r"[^a-zA-Z0-9ñ]+", key.lower()) if w]


#: How "password" is mistyped in keys that still hold one ("ansible_become_pasword").
_PASSWORD_TYPOS = frozenset({"pasword", "passwrd", "paswd", "passowrd", "pssword"})


def _classify_key(key: str) -> str | None:
    words = _key_words(key)
    if not words or words[-1] in _NOT_SECRET_LAST or any(w in _NOT_SECRET_ANY for w in words):
        return None
    if any(w in _PASSWORD_WORDS or "password" in w or "passwd" in w or w in _PASSWORD_TYPOS for w in words):
        return "password"
    if any(w in _SECRET_WORDS for w in words) or any(p in _SECRET_PAIRS for p in zip(words, words[1:])):
        return "generic_secret"
    if any(w.endswith(("token", "secret", "apikey")) for w in words):
        return "generic_secret"
    return None


def _find_assignments(text: str) -> Iterator[Finding]:
    low = text.lower()
    if not any(k in low for k in ("pas", "pw", "pss", "secret", "token", "key", "credential", "contras", "mot_de",
                                  "session")):
        return
    for m in _ASSIGN_RE.finditer(text):
        # The key may start before the keyword (``db_password``, ``AWS_SECRET``): walk back.
        ks = m.start()
        while ks > 0 and text[ks - 1] in _KEY_CHARS and m.start() - ks < 40:
            ks -= 1
        key_end = m.start("kq") if m.group("kq") else m.start("op")
        key = text[ks:key_end].strip().strip("\"'")
        if text[max(0, ks - 2) : ks] == "${":
            continue  # "${REDIS_PASSWORD:-changeme}": a shell default for a variable, not its value
        kind = _classify_key(key)
        if kind is None:
            continue
        quoted = m.group("qv") is not None
        value = m.group("qv") if quoted else m.group("uv")
        vstart = m.start("qv") if quoted else m.start("uv")
        value_stripped = value.strip()
        if not value_stripped or _is_placeholder(value_stripped):
            continue
        vstart += len(value) - len(value.lstrip())
        vend = vstart + len(value_stripped)
        op = m.group("op").strip()
        prose = op.isalpha()
        if not quoted and _CODE_VALUE_RE.match(value_stripped):
            continue
        if not quoted and value_stripped.isalpha() and _PROSE_NEXT_RE.match(text, vend):
            continue  # "Password: must be 8 characters" is a sentence, not a credential
        if not quoted and op == ":" and _PASCAL_RE.match(value_stripped):
            continue  # a type annotation: "custom_pass: CustomGraphPassType"
        if kind == "password" and _weak_password_key(key) and not (quoted or op == "=" or _ENV_NAME_RE.match(key)
                                                                   or _password_shaped(value_stripped)):
            continue  # "pass:"/"pw:" in prose and YAML are too often not passwords; "SMTP_PASS:" or "pass: Tq!49x…" is one
        if kind == "password":
            if len(value_stripped) < 4 or (prose and not _mixed(value_stripped)) or (
                op == "==" and not quoted):
                continue
            score = 0.9 if quoted or not prose else 0.8
        else:
            if len(value_stripped) < 12 or not _mixed(value_stripped) or shannon_entropy(value_stripped) < 3.0:
                continue
            if " " in value_stripped:
                continue
            score = 0.85
        yield Finding(TYPE, vstart, vend, score, DETECTOR, kind)


# A Cookie header's session values are bearer credentials: whoever has them is logged in.
_COOKIE_LINE_RE = re.compile(
    r"""(?im)(?:^[ \t]*|["']|\s)(?:set-)?cookie(?::|["']\s{0,3}:|[ \t]*=[ \t]*(?=["']))[ \t]*["']?(?P<v>[^\n"']{1,4000})"""
)
_COOKIE_PAIR_RE = re.compile(r"(?P<k>[\w.\-]{1,64})=(?P<v>[^;,\s]{16,1024})")
_SESSION_NAME_RE = re.compile(r"(?i)sess|sid$|^sid|token|auth|remember|jwt|login|csrf_token_secret")
# ~/.netrc: "machine host login user password secret"
_NETRC_PASSWORD_RE = re.compile(r"(?m)(?:^|[ \t])password[ \t]+(?P<v>\S{4,256})")


# An environment variable's name: "N8N_SMTP_PASS", "DB_PW".
_ENV_NAME_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
# A credential as an XML element: "<wsse:Password>…</wsse:Password>", "<apiKey>…</apiKey>".
_XML_SECRET_RE = re.compile(r"<(?P<tag>(?:[\w\-]+:)?(?P<key>[\w\-]{2,40}))>(?P<v>[^<>\s]{4,256})</(?P=tag)>")


def _find_xml_secrets(text: str) -> Iterator[Finding]:
    for m in _XML_SECRET_RE.finditer(text):
        kind = _classify_key(m.group("key"))
        v = m.group("v")
        if kind is None or _is_placeholder(v) or v.startswith("$"):
            continue
        if kind != "password" and (len(v) < 12 or not _mixed(v)):
            continue
        yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR, kind)


def _find_cookies_and_netrc(text: str) -> Iterator[Finding]:
    low = text.lower()
    if "cookie" in low:
        for line in _COOKIE_LINE_RE.finditer(text):
            for m in _COOKIE_PAIR_RE.finditer(text, line.start("v"), line.end("v")):
                v = m.group("v")
                if _SESSION_NAME_RE.search(m.group("k")) and (_mixed(v) or len(v) >= 24) and not _is_placeholder(v):
                    yield Finding(TYPE, m.start("v"), m.end("v"), 0.9, DETECTOR, "session_cookie")
    if "machine" in low and "login" in low:
        for m in _NETRC_PASSWORD_RE.finditer(text):
            if not _is_placeholder(m.group("v")):
                yield Finding(TYPE, m.start("v"), m.end("v"), 0.9, DETECTOR, "password")


# ``login(user, password)``-style calls: which positional argument is the password.
_CALL_RE = re.compile(
    r"(?i)(?:login|signin|sign_in|authenticate|connect|plainauth|basicauth|basic_auth|credentials?)"
    r"\w{0,20}\s{0,3}\("
)
_ARG_RE = re.compile(r"""\s*(?:(?P<q>["'])(?P<s>[^"'\n]{0,256})(?P=q)|(?P<o>[^,()"'\n]{0,80}))\s*(?P<sep>,|\))""")
_ENV_DEFAULT_RE = re.compile(
    r"""(?:environ\.get|getenv|env\.get|ENV\.fetch|env)\(\s{0,3}["'](?P<k>\w{1,64})["']\s{0,3},\s{0,3}(?P<q>["'])(?P<v>[^"'\n]{4,256})(?P=q)"""
)
# PHP's ``define( 'DB_PASSWORD', '…' )`` (wp-config.php's salts too) and ``putenv``/``setenv`` calls:
# a constant named like a credential, set to a literal.
_DEFINE_RE = re.compile(
    r"""(?i)\b(?:define|setenv|putenv|const_set)\(\s{0,12}["'](?P<k>\w{1,64})["']\s{0,12},\s{0,12}(?P<q>["'])(?P<v>[^"'\n]{4,256})(?P=q)"""
)


def _password_arg_index(fn: str) -> int:
    fn = fn.lower()
    if fn.endswith("connect") or fn.endswith("plainauth"):
        return 2  # mysqli_connect(host, user, pass), PlainAuth(identity, user, pass, host)
    return 1  # login(user, pass), HTTPBasicAuth(user, pass)


def _find_call_credentials(text: str) -> Iterator[Finding]:
    """Passwords passed positionally to login/connect calls, and secret env-var defaults."""
    low = text.lower()
    if any(k in low for k in ("login", "signin", "sign_in", "auth", "connect", "credential")):
        for m in _CALL_RE.finditer(text):
            fs = m.start()
            while fs > 0 and (text[fs - 1].isalnum() or text[fs - 1] == "_"):
                fs -= 1
            fn = text[fs : m.end() - 1].strip()
            args: list[re.Match[str]] = []
            pos = m.end()
            while len(args) < 6:
                a = _ARG_RE.match(text, pos)
                if a is None:
                    break
                args.append(a)
                pos = a.end()
                if a.group("sep") == ")":
                    break
            idx = _password_arg_index(fn)
            if len(args) <= idx or args[idx].group("q") is None:
                continue
            if not any(a.group("q") for a in args[:idx]) and idx == 1:
                continue  # login(self, "x"): the first argument should be a user name literal
            v = args[idx].group("s")
            if len(v) < 4 or _is_placeholder(v):
                continue
            yield Finding(TYPE, args[idx].start("s"), args[idx].end("s"), 0.85, DETECTOR, "password")
    if "decode" in low or "hex" in low or "atob" in low:
        for m in _DECODED_ASSIGN_RE.finditer(text):
            kind = _classify_key(m.group("k"))
            if kind is not None and not _is_placeholder(m.group("v")):
                yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR, kind)
    if "env" in low:
        for m in _ENV_DEFAULT_RE.finditer(text):
            if _classify_key(m.group("k")) is None or _is_placeholder(m.group("v")):
                continue
            yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR,
                          _classify_key(m.group("k")))
    if "define(" in low or "env(" in low or "const_set(" in low:
        for m in _DEFINE_RE.finditer(text):
            kind, v = _classify_key(m.group("k")), m.group("v")
            if kind is None or _is_placeholder(v) or v.startswith("$"):
                continue
            if kind != "password" and (len(v) < 12 or shannon_entropy(v) < 3.0):
                continue
            yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR, kind)


# ``password = base64.b64decode("…")``: an encoded literal is still the password.
_DECODED_ASSIGN_RE = re.compile(
    r"(?i)(?P<k>[\w.\-]{0,40}(?:pass(?:word|wd)?|pwd|secret|token|api_?key))[\"']?\s{0,3}[:=]\s{0,3}"
    r"(?:[\w.]{0,30}\.)?(?:b64decode|decodebytes|urlsafe_b64decode|unhexlify|fromhex|atob|decode)\(\s{0,3}b?"
    r"(?P<q>[\"'])(?P<v>[A-Za-z0-9+/=_\-]{4,512})(?P=q)"
)
_LOGIN_CMD_RE = re.compile(
    r"(?i)\b(?:docker|podman|nerdctl|helm|oras|buildah|skopeo)\s+(?:registry\s+)?login\b[^\n]{0,120}?"
    r"\s(?:-p|--password)(?:[ \t]+|=)(?P<q>[\"']?)(?P<v>[^\s\"']{4,256})(?P=q)"
    r"|\bmysql(?:dump|admin)?\b[^\n]{0,120}?\s-p(?:(?P<mv>[^\s\"'\-][^\s\"']{3,255})|'(?P<mq>[^'\n]{4,255})'|\"(?P<mdq>[^\"\n]{4,255})\")"
)


def _find_cli_credentials(text: str) -> Iterator[Finding]:
    """``--password x``, ``--token x`` and ``curl -u user:pass`` on command lines."""
    if "-" not in text:
        return
    for m in _CLI_FLAG_RE.finditer(text):
        v = m.group("v")
        if _is_placeholder(v) or v.startswith("$") or v.startswith("-"):
            continue
        yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR, "password")
    for m in _LOGIN_CMD_RE.finditer(text):
        g = next(k for k in ("v", "mv", "mq", "mdq") if m.group(k) is not None)
        if _is_placeholder(m.group(g)) or m.group(g).startswith("$"):
            continue
        yield Finding(TYPE, m.start(g), m.end(g), 0.9, DETECTOR, "password")
    for m in _CURL_USER_RE.finditer(text):
        v = m.group("v")
        if _is_placeholder(v) or v.startswith("$"):
            continue
        yield Finding(TYPE, m.start("v"), m.end("v"), 0.9, DETECTOR, "password")
    for m in _STDIN_PASSWORD_RE.finditer(text) if "stdin" in text else ():
        v = m.group("v")
        if not (_is_placeholder(v) or v.startswith("$")):
            yield Finding(TYPE, m.start("v"), m.end("v"), 0.9, DETECTOR, "password")


# "echo -n 'H7v$kp2Lq9!wZ4' | base64": a value encoded for a Secret's manifest by hand; in single
# quotes a "$" is part of it. A made-up value only (not "echo 'hello' | base64", not decoding).
_ENCODED_BY_HAND_RE = re.compile(
    r"""(?:echo|printf)[ \t]+(?:-n[ \t]+|-e[ \t]+|'%s'[ \t]+)*(?:'(?P<sq>[^\s']{6,200})'|"(?P<dq>[^\s"$`]{6,200})"|(?P<bare>[^\s'"|$`]{6,200}))"""
    r"[ \t]*\|[ \t]*(?:base64|openssl[ \t]+base64)(?![ \t]+(?:-d|--decode|-D)\b)(?![\w\-])"
)


# A Terraform variable that holds a credential, with its value as the default:
# variable "db_password" { type = string  default = "Sommer2024!Lager" }.
_TF_VARIABLE_RE = re.compile(
    r"""variable[ \t]+"(?P<name>[\w\-]*(?:password|passwd|secret|token|api_?key|private_?key)[\w\-]*)"[ \t]*\{"""
    r"""[^{}]{0,300}?\bdefault[ \t]*=[ \t]*"(?P<v>[^"\n]{4,200})(?=")""",
    re.IGNORECASE,
)


def _find_terraform_defaults(text: str) -> Iterator[Finding]:
    for m in _TF_VARIABLE_RE.finditer(text):
        v = m.group("v")
        if not (_is_placeholder(v) or v.startswith(("$", "var.", "${"))):
            yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR, "password")


def _find_encoded_by_hand(text: str) -> Iterator[Finding]:
    for m in _ENCODED_BY_HAND_RE.finditer(text):
        g = next(g for g in ("sq", "dq", "bare") if m.group(g) is not None)
        if _made_up(m.group(g)) and not _is_placeholder(m.group(g)):
            yield Finding(TYPE, m.start(g), m.end(g), 0.85, DETECTOR, "password")


# "echo 'pw' | docker login registry -u me --password-stdin" (docker, podman, helm, oras, ...).
_STDIN_PASSWORD_RE = re.compile(
    r"""(?:echo|printf)[ \t]+(?:-n[ \t]+)?(?P<q>['"]?)(?P<v>[^\s'"|$]{4,200})(?P=q)[ \t]*\|[^\n|]{0,200}"""
    r"""--password-stdin"""
)
# "login: anna@example.pl / Lato2024!": an account and its password written as a pair.
_ACCOUNT_PASSWORD_RE = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}[ \t]+/[ \t]+(?P<v>(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[^\s/]{6,64})(?=[\s]|$)"
)


# A password told in a sentence, then a colon: "she read the password out to me over the phone:
# Tulip$Harbor77". The value must look made up (letters with digits or symbols), not a word.
_PROSE_PASSWORD_RE = re.compile(
    r"(?i)\b(?:password|passwort|passord|lösenord|contraseña|mot de passe|senha|hasło|wachtwoord|mật khẩu|nenosiri"
    r"|lozinka|jelszó|jelszót|jelszava|heslo|parola|şifre|salasana|kata sandi)\b"
    r"(?=[^\n:=@/]{0,49}[ \t])[^\n:=@/]{1,50}:[ \t]*(?P<v>(?=\S*[A-Za-z])(?=\S*[\d$!@#%^&*?])[^\s'\"/]{6,64})(?![^\s])"
)


# The password word of many languages, then the value at once or after "is"/":" in that language:
# "hasło Orzel#2024pl!", "wifi-salasana on Saunailta2024!", "das Passwort lautet Fjord-88x".
# The value must look made up: a letter, a digit, and a capital or a symbol.
_PASSWORD_WORDS_ANY_LANG = (
    r"password|passwort|kennwort|passord|lösenord|adgangskode|kodeord|salasana|contraseña|contrasenya"
    r"|mot de passe|senha|hasło|haslo|heslo|jelszó|jelszava|parola|parolă|parolei|şifre|şifresi|şifrem"
    r"|wachtwoord|pin-?kode|passordet|passordet|adgangskoden|lösenordet|salasanan|jelszót|jelszavam|lozinka|lozinku"
    r"|lozinke|heslem|geslo|gesla|geslom|nenosiri|kata sandi|katasandi|sandi|mật khẩu|κωδικός|κωδικό"
)
_PASSWORD_THEN_VALUE_RE = re.compile(
    rf"(?i)(?<![^\W_])(?:{_PASSWORD_WORDS_ANY_LANG}|pw|pwd)(?![^\W_])"
    r"(?:[ \t]*[:=][ \t]*|[ \t]+(?:(?:[^\W\d_]{3,20}[ \t]+)?(?:is|was|ist|lautet|war|est|es|era|é|è|on|oli|er|var|är|jest|to|je|az|este|e|nu|olarak"
    r"|kuwa|ni|adalah|là|είναι|za wifi je|za wifi|wifi)[ \t]+(?:(?:still|now|currently|again|just|always|also|noch|toujours|ainda)[ \t]+)?)?)"
    r"[\"'«„“]?(?P<v>(?=[^\s]{0,63}[^\W\d_])(?=[^\s]{0,63}\d)[^\s'\"«»“”„]{6,64})(?![^\s'\"«»“”„])"
)
# A password word, then later on the line what it now is: "rotated the staging db password over the
# weekend, new one is Q7!vR2m#pLx9eWd4". Farther from its cue, so the value must be plainly chosen.
_PASSWORD_LATER_RE = re.compile(
    rf"(?i)(?<![^\W_])(?:{_PASSWORD_WORDS_ANY_LANG})s?(?![^\W_])[^\n]{{0,80}}?"
    r"(?:[ \t](?:is|to|now|ist|est|es|é|auf|na|naar|till|til|på|para|em|en|à|a|in|la|ke)|:)[ \t]+"  # "spremenil na X"
    r"(?P<v>[^\s'\"«»“”„`]{8,64})(?![^\s'\"«»“”„`])"
)
_PASSWORD_LITERALS = ("pass", "contrase", "senha", "hasło", "haslo", "heslo", "lösenord", "salasana", "jelsz",
                      "parol", "şifre", "kennwort", "wachtwoord", "adgangskode", "kodeord", "pinkode", "pin-kode",
                      "lozink", "geslo", "gesla", "nenosiri", "sandi", "mật khẩu", "κωδικ")


def _made_up(v: str) -> bool:
    """A value that looks chosen rather than written: letters, digits and a capital or a symbol."""
    return _mixed(v) and (any(c.isupper() for c in v) or any(not c.isalnum() for c in v))


def _inside_address(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside an IP address, a MAC address or a clock time (a colon-joined
    run of hex groups), which a "password …:" rule must not read as its colon."""
    a = pos
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = pos
    while b < len(text) and not text[b].isspace():
        b += 1
    token = text[a:b].strip("[]()<>,;.")
    try:
        ipaddress.ip_address(token.split("%")[0])
        return True
    except ValueError:
        return re.fullmatch(r"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,}", token) is not None


def _find_prose_passwords(text: str) -> Iterator[Finding]:
    for m in _PROSE_PASSWORD_RE.finditer(text):
        v = m.group("v").rstrip(".,;)")
        if not text[m.start("v") - 1:m.start("v")].isspace() and _inside_address(text, m.start("v")):
            continue  # "Failed password for … from 2a03:b0c0:3::1": the colon was an IPv6 address's
        if not (_is_placeholder(v) or v.startswith(("$", "http")) or "://" in v):
            yield Finding(TYPE, m.start("v"), m.start("v") + len(v), 0.85, DETECTOR, "password")
    for m in _PASSWORD_THEN_VALUE_RE.finditer(text):
        v = m.group("v").rstrip(".,;:)")
        if len(v) < 6 or not _made_up(v) or _is_placeholder(v) or v.startswith(("$", "{", "%", "<", "http")):
            continue
        if "://" in v or "(" in v or v.count(".") > 1 or "@" in v and "." in v.split("@")[-1]:
            continue  # a URL, a call, a version or an e-mail address
        if _KEY_VALUE_RE.match(v):
            continue  # "reason=invalid_password attempts=3": the next field of a log line
        yield Finding(TYPE, m.start("v"), m.start("v") + len(v), 0.8, DETECTOR, "password")
    for m in _PASSWORD_LATER_RE.finditer(text):
        v = m.group("v").rstrip(".,;:)!?")
        if len(v) >= 8 and _chosen(v):
            yield Finding(TYPE, m.start("v"), m.start("v") + len(v), 0.8, DETECTOR, "password")


_KEY_VALUE_RE = re.compile(r"[A-Za-z_][\w.\-]*=")


def _chosen(v: str) -> bool:
    """Both cases, a digit and a symbol, and no shape of a path, URL, address, version or call."""
    return (any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v)
            and any(c in "!#$%&*+?@^~-" for c in v) and not any(c in v for c in "/\\:()<>{}[]=")
            and not _is_placeholder(v) and v.count(".") <= 1 and "@" not in v[1:-1])


# A password word, then on the same line a made-up value set off in backticks, brackets or quotes:
# "pw for the readonly user is in the notebook too `Lark!Harbour9`", "admin pw is the one on the
# sticker (Q7wtxP9mcK2h)".
_PW_CUE_RE = re.compile(rf"(?i)(?<![^\W_])(?:pw|pwd|passwd|passcode|passphrase|wi-?fi key|login|creds|credentials"
                        rf"|router admin|admin login|{_PASSWORD_WORDS_ANY_LANG})(?![^\W_])")
_SET_OFF_RE = re.compile(r"[`(\"'«“„](?P<v>[^\s`()\"'«»“”„]{8,64})[`)\"'»”“]")


# The value right after the cue word, with nothing between: "MistyHills_Guest pw coorg@2024#".
_RIGHT_AFTER_RE = re.compile(r"[ \t]+(?P<v>[^\s'\"`()]{6,64})(?=[.,;!?]?(?:\s|$))")
# "admin / GVH@sec62": a user name and a password written as a pair.
_USER_SLASH_PASS_RE = re.compile(r"(?<![\S])[\w.\-@]{2,32}[ \t]+/[ \t]+(?P<v>[^\s/'\"`()]{6,64})(?=[.,;!?]?(?:\s|$))")


def _strong(v: str) -> bool:
    """A value set off in prose that reads as a chosen password: letters, digits, and both cases
    or a symbol; no path, URL, identifier or dotted name."""
    if not _mixed(v) or any(c in v for c in "/\\=:_.<>{}[]$%") or _is_placeholder(v) or (
            "@" in v and "." in v.split("@")[-1]):
        return False  # paths, assignments, slots and e-mail addresses
    return (any(c.isupper() for c in v) and any(c.islower() for c in v)) or any(c in v for c in "!#&*+?^~-")


def _find_set_off_passwords(text: str) -> Iterator[Finding]:
    for cue in _PW_CUE_RE.finditer(text):
        line_end = text.find("\n", cue.end())
        stop = min(cue.end() + 100, len(text) if line_end < 0 else line_end)
        for rx in (_SET_OFF_RE, _USER_SLASH_PASS_RE, _RIGHT_AFTER_RE):
            m = next((m for m in rx.finditer(text, cue.end(), stop) if _strong(m.group("v"))
                      and (rx is not _RIGHT_AFTER_RE or m.start() == cue.end())), None)
            if m is not None:
                yield Finding(TYPE, m.start("v"), m.end("v"), 0.8, DETECTOR, "password")
                break


# A secret read from the environment with a literal fallback: the fallback is the secret itself.
# ``process.env.JWT_SECRET || "f7Kq!…"``, ``os.environ.get("DB_PASSWORD", "hunter2x")``, ``ENV.fetch("API_KEY") { "…" }``.
_ENV_FALLBACK_RE = re.compile(
    r"(?:\benv\.|environ(?:\.get)?\(|getenv\(|ENV\.fetch\(|ENV\[)[\"']?"
    r"(?P<key>[A-Za-z0-9_]*(?i:secret|passw(?:or)?d|pwd|token|api_?key|private_?key|auth)[A-Za-z0-9_]*)[\"']?"
    r"(?:[ \t]*(?:\|\||\?\?|\bor\b)[ \t]*|[ \t]*,[ \t]*|[\])][ \t]*(?:\|\||\?\?|\bor\b|\{)[ \t]*)"
    r"[\"'`](?P<v>[^\"'`\s]{6,200})[\"'`]"
)


def _find_env_fallbacks(text: str) -> Iterator[Finding]:
    for m in _ENV_FALLBACK_RE.finditer(text) if "env" in text.lower() else ():
        v = m.group("v")
        if not (_is_placeholder(v) or v.startswith(("$", "{", "http")) or not _mixed(v) and len(v) < 16):
            yield Finding(TYPE, m.start("v"), m.end("v"), 0.85, DETECTOR, "password")


def _find_account_passwords(text: str) -> Iterator[Finding]:
    for m in _ACCOUNT_PASSWORD_RE.finditer(text) if "@" in text else ():
        v = m.group("v").rstrip(".,;)")
        if not (_is_placeholder(v) or v.startswith("$") or "." in v and "@" not in v and v.count(".") > 1):
            yield Finding(TYPE, m.start("v"), m.start("v") + len(v), 0.85, DETECTOR, "password")


# --- entropy near credential words -----------------------------------------------------------

_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9+/_\-=.])[A-Za-z0-9+/_\-]{20,512}={0,2}(?![A-Za-z0-9+/_\-=])")
_CRED_CONTEXT_RE = re.compile(
    r"(?i)(?:key|token|secret|passw|credential|auth|bearer|api|private|signature|sig)[^\n]{0,60}$"
)
_HASH_CONTEXT_RE = re.compile(r"(?i)(?:sha|md5|hash|digest|checksum|commit|revision|\brev\b|etag|integrity|fingerprint|uuid|guid|request[_ -]?id|trace)")
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_WORDISH_RE = re.compile(r"[A-Z]?[a-z]{3,}|[A-Z]{3,}(?![a-z])")


_PUBLIC_ID_RE = re.compile(r"(?:rzp_(?:live|test)|pk_(?:live|test)|pub_(?:live|test))_")


def _looks_random(tok: str) -> bool:
    """Random-looking: mixed classes, high entropy, not an identifier made of words."""
    core = tok.rstrip("=")
    if _PUBLIC_ID_RE.match(core):
        return False  # a Razorpay key id or a publishable key names an account; it grants nothing
    if len(core) < 20 or not _mixed(core):
        return False
    if "__" in core or core.count("_") >= 3 or core.count("-") >= 3:
        return False  # identifiers and slugs: "group__CUDART__TYPES_1g3457b81d…"
    if _UUID_RE.match(core):
        return False
    if re.fullmatch(r"[0-9a-fA-F]+", core):
        return False  # hashes and SHAs: only the assignment rules may call hex a secret
    if not (any(c.isupper() for c in core) and any(c.islower() for c in core)):
        return False
    wordish = sum(len(w) for w in _WORDISH_RE.findall(core))
    if wordish >= 0.5 * len(core):
        return False
    threshold = min(4.2, math.log2(len(core)) - 0.8)
    return shannon_entropy(core) >= threshold


# A credential word and the value right after it, as chat and notes write them: "token 38d5e4cf…",
# "api key 9f3a…" (32+ hex digits, or a random-looking run of 20+).
_WORD_THEN_TOKEN_RE = re.compile(
    r"(?i)(?<![\w])(?:token|secret|api[ _-]?key|auth token|access key)[ \t]+(?P<v>[0-9a-f]{32,128}|[A-Za-z0-9+/_\-]{20,256})"
    r"(?![\w+/\-])"
)


def _find_entropy(text: str) -> Iterator[Finding]:
    for m in _WORD_THEN_TOKEN_RE.finditer(text) if "token" in text.lower() or "key" in text.lower() or "secret" in text.lower() else ():
        v = m.group("v")
        if re.fullmatch(r"[0-9a-f]{32,128}", v) and shannon_entropy(v) >= 3.0 or _looks_random(v):
            if not _HASH_CONTEXT_RE.search(text, max(0, m.start() - 40), m.start()):
                yield Finding(TYPE, m.start("v"), m.end("v"), 0.75, DETECTOR, "high_entropy_string")
    for m in _TOKEN_RE.finditer(text):
        tok = m.group(0)
        if not _looks_random(tok):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - 60) : m.start()]
        if not _CRED_CONTEXT_RE.search(before) or _HASH_CONTEXT_RE.search(before):
            continue
        yield Finding(TYPE, m.start(), m.end(), 0.75, DETECTOR, "high_entropy_string")


# --------------------------------------------------------------------------------------------


def _keyword_index() -> tuple[tuple[str, tuple[int, ...]], ...]:
    index: dict[str, list[int]] = {}
    for i, rule in enumerate(RULES):
        for k in rule.keywords:
            index.setdefault(k, []).append(i)
    return tuple((k, tuple(v)) for k, v in index.items())


#: keyword → indices of the rules it enables; one substring test per distinct keyword.
_KEYWORD_INDEX = _keyword_index()


def _filler_body(value: str) -> bool:
    """Whether a key's body after its prefix is the filler of a placeholder ("sk_test_xxxxxxxx", "…0000")."""
    body = re.split(r"[_\-]", value)[-1]
    return len(body) >= 8 and set(body.lower()) <= set("x0*.")


def _find_rules(text: str, low: str) -> Iterator[Finding]:
    active: set[int] = set()
    for kw, rule_ids in _KEYWORD_INDEX:
        if kw in low:
            active.update(rule_ids)
    for i in sorted(active):
        rule = RULES[i]
        for m in rule.pattern.finditer(text):
            if rule.before is not None and m.start() > 0 and rule.before.match(text, m.start() - 1):
                continue
            value = m.group(rule.group)
            if rule.check is not None and not rule.check(value):
                continue
            if _filler_body(value):
                continue  # "sk_test_xxxxxxxxxxxxxxxx": a placeholder in a key's shape
            yield Finding(TYPE, m.start(rule.group), m.end(rule.group), rule.score, DETECTOR, rule.kind)


_K8S_SECRET_RE = re.compile(r"(?m)^[ \t]*kind:[ \t]*[\"']?Secret[\"']?[ \t]*$")
_YAML_DOC_RE = re.compile(r"(?m)^---")
_K8S_DATA_RE = re.compile(r"(?m)^(?P<indent>[ \t]*)data:[ \t]*\n")
_K8S_ITEM_RE = re.compile(r"(?P<indent>[ \t]+)[\w.\-]+:[ \t]*[\"']?(?P<value>[A-Za-z0-9+/]{4,}={0,2})[\"']?[ \t]*(?:\n|\Z)")


def _find_kubernetes_secret_data(text: str) -> Iterator[Finding]:
    """Every value under ``data:`` of a Kubernetes ``Secret``: base64 hides nothing, and a user name
    or host there is as much a credential as the password beside it."""
    bounds = [0, *(m.start() for m in _YAML_DOC_RE.finditer(text)), len(text)]
    docs = [(a, b) for a, b in zip(bounds, bounds[1:]) if _K8S_SECRET_RE.search(text, a, b)]
    for d in _K8S_DATA_RE.finditer(text):
        if not any(a <= d.start() < b for a, b in docs):
            continue  # a ConfigMap beside the Secret holds no secrets
        pos = d.end()
        while (m := _K8S_ITEM_RE.match(text, pos)) is not None and len(m.group("indent")) > len(d.group("indent")):
            value = m.group("value")
            try:
                base64.b64decode(value, validate=True)
            except (ValueError, binascii.Error):
                break
            yield Finding("SECRET", m.start("value"), m.end("value"), 0.9, DETECTOR, "generic_secret")
            pos = m.end()


def find_secrets(text: str) -> list[Finding]:
    """Every credential in ``text``, unmerged; overlapping findings are resolved by the engine."""
    low = text.lower()
    out: list[Finding] = list(_find_rules(text, low))
    if "-----begin" in low:
        out.extend(_find_pem(text))
    if "eyj" in low:
        out.extend(_find_jwts(text))
    if "://" in text or "@" in text:
        out.extend(_find_url_passwords(text))
    if "basic" in low or "bearer" in low:
        out.extend(_find_auth_headers(text))
    out.extend(_find_assignments(text))
    out.extend(_find_cli_credentials(text))
    if "base64" in text:
        out.extend(_find_encoded_by_hand(text))
    if "variable" in text and "default" in text:
        out.extend(_find_terraform_defaults(text))
    out.extend(_find_account_passwords(text))
    password_words = "pw" in low or any(k in low for k in _PASSWORD_LITERALS)
    if password_words:
        out.extend(_find_prose_passwords(text))
    if password_words or "login" in low or "cred" in low or "router admin" in low:
        out.extend(_find_set_off_passwords(text))
    out.extend(_find_env_fallbacks(text))
    out.extend(_find_call_credentials(text))
    out.extend(_find_cookies_and_netrc(text))
    if "</" in text:
        out.extend(_find_xml_secrets(text))
    out.extend(_find_entropy(text))
    if "Secret" in text and _K8S_SECRET_RE.search(text):
        out.extend(_find_kubernetes_secret_data(text))
    # Two readings of the same value (a password after "pw" read by two rules) are one finding.
    best: dict[tuple[int, int, str | None], Finding] = {}
    for f in out:
        k = (f.start, f.end, f.kind)
        if k not in best or f.score > best[k].score:
            best[k] = f
    return list(best.values())

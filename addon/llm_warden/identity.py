"""Who is calling: proxy auth, a signed identity token, a client-address map, and the agent.

Pure logic (no mitmproxy import) so it can be tested and reused by the CLI. The addon gathers the
facts from the flow (the proxy-auth *user name* only, the headers, the peer address) and calls
:meth:`IdentityResolver.resolve_detailed`.

Precedence, highest first:

1. ``proxyauth`` — mitmproxy already checked the password; only the user name reaches us, so the
   password can never be stored or logged from here.
2. ``jwt`` — a token in ``jwt_header`` verified against the configured *public* keys. An expired,
   badly signed, unsigned (``alg: none``), symmetric (``HS*``) or otherwise unacceptable token is
   not trusted: resolution falls through to the next source and the reason is reported, so the
   addon can log it. An untrusted token is a fact the policy sees (``verified=False``), not an error.
3. ``ipmap`` — the longest matching CIDR of the configured address map. ``verified`` is true only
   when ``ipmap_trusted`` says the map describes a segment the gateway controls (transparent mode
   on a network where addresses cannot be spoofed); otherwise the user is a hint.
4. ``none``.

Groups are the union of the token's ``groups`` claim (only when the token names the same user),
the groups file, and the matching ipmap entry (when it has no user or the same user).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt
import yaml
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
    load_pem_public_key,
)
from jwt.types import Options

from .types import Identity

__all__ = [
    "DEFAULT_ALGORITHMS",
    "SUPPORTED_ALGORITHMS",
    "IdentityConfig",
    "IdentityConfigError",
    "IdentityResolver",
    "IpMapEntry",
    "ResolveResult",
    "VerifyKey",
    "extract_api_key",
    "load_groups",
    "load_ipmap",
    "load_public_keys",
    "normalize_agent",
    "normalize_ip",
]

#: Asymmetric algorithms only: a symmetric (HS*) algorithm verified with a *public* key is the
#: classic algorithm-confusion hole, and ``none`` is no signature at all.
SUPPORTED_ALGORITHMS: frozenset[str] = frozenset(
    {"EdDSA", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)
DEFAULT_ALGORITHMS: tuple[str, ...] = ("EdDSA", "RS256", "ES256")

_EC_CURVE_FOR_ALG = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
_MIN_RSA_BITS = 2048
_MAX_TOKEN_CHARS = 16384  # bound the work an unauthenticated header can cause
_MAX_USER_CHARS = 256
_FINGERPRINT_HEX_CHARS = 32  # 128 bits: unique enough to correlate, useless to recover the key
_CTRL_RE = re.compile(r"[\x00-\x1f\x7f]")

PublicKey = ed25519.Ed25519PublicKey | ed448.Ed448PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey


class IdentityConfigError(ValueError):
    """The identity configuration (keys, ipmap, groups file, algorithms) is unusable."""


@dataclass(frozen=True, slots=True)
class VerifyKey:
    """A public key a token may be verified with; ``kid`` narrows the choice when a token names one."""

    key: PublicKey
    kid: str | None = None

    def accepts(self, alg: str) -> bool:
        """Whether this key type may verify ``alg`` (the defence against algorithm confusion)."""
        k = self.key
        if alg == "EdDSA":
            return isinstance(k, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey))
        if alg[:2] in ("RS", "PS"):
            return isinstance(k, rsa.RSAPublicKey)
        if alg in _EC_CURVE_FOR_ALG:
            return isinstance(k, ec.EllipticCurvePublicKey) and k.curve.name == _EC_CURVE_FOR_ALG[alg]
        return False


@dataclass(frozen=True, slots=True)
class IpMapEntry:
    """One client-address map entry: a network and who (or which groups) sits behind it."""

    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    user: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    """Everything the resolver needs, already parsed and validated.

    Build it with :meth:`from_options` from the ``warden_*`` option values (strings, paths,
    lists), or directly with loaded objects in tests. ``fingerprint_key`` defaults to a random
    per-process key: set it to get API-key fingerprints that stay stable across restarts and
    replicas.
    """

    jwt_header: str = "X-Warden-Identity"
    jwt_keys: tuple[VerifyKey, ...] = ()
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    jwt_leeway_seconds: float = 30.0
    jwt_require_exp: bool = True  # a token that never expires is a password that cannot be rotated
    jwt_user_claims: tuple[str, ...] = ("user", "sub")  # first present wins
    ipmap: tuple[IpMapEntry, ...] = ()
    ipmap_trusted: bool = False
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # user -> groups
    fingerprint_key: bytes = field(default_factory=lambda: os.urandom(32))

    def __post_init__(self) -> None:
        bad = [a for a in self.jwt_algorithms if a not in SUPPORTED_ALGORITHMS]
        if bad:
            raise IdentityConfigError(
                f"jwt_algorithms: {', '.join(map(repr, bad))} not allowed; use asymmetric algorithms "
                f"from {sorted(SUPPORTED_ALGORITHMS)} (never 'none' or HS*)"
            )
        if not self.jwt_header or not self.jwt_header.strip():
            raise IdentityConfigError("jwt_header must name a header")
        if len(self.fingerprint_key) < 16:
            raise IdentityConfigError("fingerprint_key must be at least 16 bytes")
        for vk in self.jwt_keys:
            _check_public_key(vk.key, "jwt_keys")
        # Longest prefix first, so the first match in resolve() is the most specific one.
        ordered = tuple(sorted(self.ipmap, key=lambda e: e.network.prefixlen, reverse=True))
        object.__setattr__(self, "ipmap", ordered)

    @classmethod
    def from_options(
        cls,
        *,
        jwt_header: str | None = None,
        jwt_keys: str | os.PathLike[str] | Sequence[str] | None = None,
        jwt_issuer: str | None = None,
        jwt_audience: str | None = None,
        jwt_algorithms: str | Sequence[str] | None = None,
        ipmap: str | os.PathLike[str] | Mapping[str, Any] | Sequence[Any] | None = None,
        ipmap_trusted: bool = False,
        groups_file: str | os.PathLike[str] | None = None,
        fingerprint_key: bytes | str | None = None,
    ) -> IdentityConfig:
        """Parse option values as mitmproxy hands them over (empty string means unset).

        ``jwt_keys``: PEM, JWK/JWKS JSON, base64/hex raw Ed25519 keys, or paths to files holding
        them; a list, or one string (comma separated when it lists several). ``jwt_algorithms``:
        a list or ``"EdDSA,RS256"``. ``ipmap``: a YAML file path or the parsed mapping/list.
        ``fingerprint_key``: bytes, or a string read as ``hex:...``, ``base64:...``,
        ``file:PATH`` or raw UTF-8.
        """
        algs: tuple[str, ...] = DEFAULT_ALGORITHMS
        if jwt_algorithms:
            items = jwt_algorithms.split(",") if isinstance(jwt_algorithms, str) else jwt_algorithms
            algs = tuple(a.strip() for a in items if a.strip())
        kwargs: dict[str, Any] = {
            "jwt_header": (jwt_header or "X-Warden-Identity").strip(),
            "jwt_keys": tuple(load_public_keys(jwt_keys)) if jwt_keys else (),
            "jwt_issuer": jwt_issuer or None,
            "jwt_audience": jwt_audience or None,
            "jwt_algorithms": algs,
            "ipmap": tuple(load_ipmap(ipmap)) if ipmap else (),
            "ipmap_trusted": bool(ipmap_trusted),
            "groups": load_groups(groups_file) if groups_file else {},
        }
        if fingerprint_key:
            kwargs["fingerprint_key"] = _parse_secret(fingerprint_key)
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class ResolveResult:
    """The identity plus why a presented token was not trusted (``rejection``) and other notes.

    ``rejection`` is a short code (``expired``, ``bad_signature``, ``unsigned``,
    ``alg_not_allowed``, ``no_key``, ``malformed``, ``bad_issuer``, ``bad_audience``,
    ``not_yet_valid``, ``missing_claim``, ``bad_claims``, ``no_keys_configured``), ``None`` when
    no token was presented or it was accepted. ``notes`` are human-readable lines for the log;
    they never contain the token, a password or an API key.
    """

    identity: Identity
    rejection: str | None = None
    notes: tuple[str, ...] = ()


class _Rejected(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class IdentityResolver:
    """Turns the facts of one request into an :class:`Identity`. Stateless apart from config."""

    def __init__(self, config: IdentityConfig) -> None:
        self.config = config
        #: Rejection code of the most recent :meth:`resolve` call (convenience for synchronous
        #: callers; :meth:`resolve_detailed` returns it without shared state).
        self.last_rejection: str | None = None

    def resolve(
        self,
        *,
        headers: Mapping[str, str],
        client_ip: str | None,
        proxy_user: str | None,
        api_key: str | None,
        user_agent: str | None,
    ) -> Identity:
        """Resolve and return the identity only; the token rejection lands in ``last_rejection``."""
        result = self.resolve_detailed(
            headers=headers,
            client_ip=client_ip,
            proxy_user=proxy_user,
            api_key=api_key,
            user_agent=user_agent,
        )
        self.last_rejection = result.rejection
        return result.identity

    def resolve_detailed(
        self,
        *,
        headers: Mapping[str, str],
        client_ip: str | None,
        proxy_user: str | None,
        api_key: str | None,
        user_agent: str | None,
    ) -> ResolveResult:
        """Apply the precedence proxyauth > verified JWT > ipmap > none (see the module doc)."""
        cfg = self.config
        notes: list[str] = []
        rejection: str | None = None

        ip = normalize_ip(client_ip)
        ip_entry = self._ipmap_entry(ip)

        token_user: str | None = None
        token_groups: tuple[str, ...] = ()
        token = _bearer_value(_header(headers, cfg.jwt_header))
        if token:
            try:
                token_user, token_groups = self._verify_token(token)
            except _Rejected as r:
                rejection = r.code
                notes.append(f"identity token not trusted ({r.code}): {r.detail}")

        user: str | None
        auth: str
        verified: bool
        proxy_user = _clean_user(proxy_user)
        if proxy_user is not None:
            user, auth, verified = proxy_user, "proxyauth", True
        elif token_user is not None:
            user, auth, verified = token_user, "jwt", True
        elif ip_entry is not None and ip_entry.user is not None:
            user, auth, verified = ip_entry.user, "ipmap", cfg.ipmap_trusted
        else:
            user, auth, verified = None, "none", False

        groups: set[str] = set()
        if token_user is not None:
            if token_user == user:
                groups.update(token_groups)
            else:
                notes.append("identity token names a different user than proxy auth; its groups are ignored")
        if user is not None:
            groups.update(cfg.groups.get(user, ()))
        if ip_entry is not None and (ip_entry.user is None or ip_entry.user == user):
            groups.update(ip_entry.groups)

        identity = Identity(
            user=user,
            groups=tuple(sorted(groups)),
            agent=normalize_agent(user_agent),
            client_ip=ip,
            auth=auth,
            verified=verified,
            key_fingerprint=self.fingerprint(api_key) if api_key else None,
        )
        return ResolveResult(identity=identity, rejection=rejection, notes=tuple(notes))

    def fingerprint(self, api_key: str) -> str:
        """Keyed fingerprint of a provider API key: correlates callers without revealing the key."""
        mac = hmac.new(self.config.fingerprint_key, api_key.encode("utf-8"), hashlib.sha256)
        return mac.hexdigest()[:_FINGERPRINT_HEX_CHARS]

    # -- internals -------------------------------------------------------------------------------

    def _ipmap_entry(self, ip: str | None) -> IpMapEntry | None:
        if ip is None or not self.config.ipmap:
            return None
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return None
        for entry in self.config.ipmap:  # longest prefix first
            if addr.version == entry.network.version and addr in entry.network:
                return entry
        return None

    def _verify_token(self, token: str) -> tuple[str, tuple[str, ...]]:
        """Verify signature and claims; return (user, groups) or raise :class:`_Rejected`."""
        cfg = self.config
        if len(token) > _MAX_TOKEN_CHARS:
            raise _Rejected("malformed", f"token longer than {_MAX_TOKEN_CHARS} characters")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.exceptions.DecodeError as e:
            raise _Rejected("malformed", f"not a JWS compact token ({e})") from None
        alg = header.get("alg")
        if not isinstance(alg, str) or alg.lower() == "none" or not alg:
            raise _Rejected("unsigned", "token is unsigned (alg none)")
        if alg not in cfg.jwt_algorithms:
            raise _Rejected("alg_not_allowed", f"algorithm {alg!r} is not in {list(cfg.jwt_algorithms)}")
        if not cfg.jwt_keys:
            raise _Rejected("no_keys_configured", "a token was presented but no jwt_keys are configured")
        kid = header.get("kid")
        candidates = [k for k in cfg.jwt_keys if k.accepts(alg)]
        if isinstance(kid, str) and any(k.kid == kid for k in candidates):
            candidates = [k for k in candidates if k.kid == kid]
        else:
            candidates = [k for k in candidates if k.kid is None]
        if not candidates:
            raise _Rejected("no_key", f"no configured key can verify alg {alg!r}" + (f" kid {kid!r}" if kid else ""))

        options: Options = {"require": ["exp"] if cfg.jwt_require_exp else []}
        claims: dict[str, Any] | None = None
        for vk in candidates:
            try:
                claims = jwt.decode(
                    token,
                    key=vk.key,
                    algorithms=[alg],
                    audience=cfg.jwt_audience,
                    issuer=cfg.jwt_issuer,
                    leeway=cfg.jwt_leeway_seconds,
                    options=options,
                )
                break
            except jwt.exceptions.InvalidSignatureError:
                continue  # maybe another configured key signed it
            except jwt.exceptions.ExpiredSignatureError:
                raise _Rejected("expired", "token has expired") from None
            except jwt.exceptions.ImmatureSignatureError:
                raise _Rejected("not_yet_valid", "token is not valid yet (nbf/iat in the future)") from None
            except jwt.exceptions.InvalidAudienceError as e:
                raise _Rejected("bad_audience", str(e)) from None
            except jwt.exceptions.InvalidIssuerError as e:
                raise _Rejected("bad_issuer", str(e)) from None
            except jwt.exceptions.MissingRequiredClaimError as e:
                raise _Rejected("missing_claim", str(e)) from None
            except (jwt.exceptions.InvalidKeyError, jwt.exceptions.InvalidAlgorithmError) as e:
                raise _Rejected("alg_not_allowed", str(e)) from None
            except jwt.exceptions.InvalidTokenError as e:
                raise _Rejected("malformed", str(e)) from None
        if claims is None:
            raise _Rejected("bad_signature", "signature does not verify with any configured key")
        return self._claims_identity(claims)

    def _claims_identity(self, claims: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
        user: str | None = None
        for name in self.config.jwt_user_claims:
            if name in claims:
                user = _clean_user(claims[name]) if isinstance(claims[name], str) else None
                if user is None:
                    raise _Rejected("bad_claims", f"claim {name!r} is not a usable user name")
                break
        if user is None:
            raise _Rejected("missing_claim", f"token has none of the claims {list(self.config.jwt_user_claims)}")
        raw = claims.get("groups", [])
        if isinstance(raw, str):
            raw = [g for g in re.split(r"[\s,]+", raw) if g]
        if not isinstance(raw, list) or not all(isinstance(g, str) and g and not _CTRL_RE.search(g) for g in raw):
            raise _Rejected("bad_claims", "claim 'groups' must be a list of strings")
        return user, tuple(raw)


# -- agent, addresses, API keys -------------------------------------------------------------------

_UA_SDK_RE = re.compile(r"^([A-Za-z][\w.-]*)/(Python|JS|Node|Go|Java|Ruby|DotNet|Rust)\s+v?([\w.+-]+)", re.I)
_UA_PRODUCT_RE = re.compile(r"^([A-Za-z0-9][\w.+-]*)(?:/([\w.+-]+))?")


def normalize_agent(user_agent: str | None) -> str | None:
    """The calling program as ``name/version``, lower-case (e.g. ``openai-python/1.54.0``).

    Official SDKs send ``OpenAI/Python 1.54.0`` or ``Anthropic/JS 0.30.1``; those become
    ``openai-python/1.54.0`` / ``anthropic-js/0.30.1``. Anything else keeps its first product
    token (``curl/8.5.0``, ``python-httpx/0.27.0``) — enough for a policy to match on without
    echoing a whole free-form header into every record.
    """
    if not user_agent:
        return None
    ua = user_agent.strip()
    m = _UA_SDK_RE.match(ua)
    if m:
        out = f"{m.group(1)}-{m.group(2)}/{m.group(3)}"
    else:
        m2 = _UA_PRODUCT_RE.match(ua)
        if not m2:
            return None
        out = m2.group(1) + (f"/{m2.group(2)}" if m2.group(2) else "")
    return out.lower()[:64]


def normalize_ip(client_ip: str | None) -> str | None:
    """Canonical text of an address: IPv4-mapped IPv6 (``::ffff:10.0.0.5``, as a dual-stack
    listener reports IPv4 peers) becomes plain IPv4 so ipmap entries and policies match it."""
    if not client_ip:
        return None
    text = client_ip.strip().strip("[]").split("%", 1)[0]
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return client_ip.strip() or None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return str(addr)


def extract_api_key(headers: Mapping[str, str], query: str | Mapping[str, str] | None = None) -> str | None:
    """The provider API key a request carries, or ``None``.

    Looks at ``x-api-key`` (Anthropic), ``api-key`` (Azure OpenAI), ``x-goog-api-key`` (Gemini),
    ``Authorization: Bearer`` (OpenAI and compatibles) and the ``key=`` query parameter (Gemini).
    ``query`` may be a URL, a path with a query, a bare query string or a parsed mapping.
    ``Proxy-Authorization`` is never read: that is the proxy credential, not a provider key.
    """
    for name in ("x-api-key", "api-key", "x-goog-api-key"):
        v = _header(headers, name)
        if v and v.strip():
            return v.strip()
    auth = _header(headers, "authorization")
    if auth:
        scheme, _, cred = auth.strip().partition(" ")
        if scheme.lower() == "bearer" and cred.strip():
            return cred.strip()
    if query:
        if isinstance(query, Mapping):
            v = query.get("key")
        else:
            qs = urlsplit(query).query if ("?" in query or "://" in query) else query
            v = next((val for k, val in parse_qsl(qs, keep_blank_values=False) if k == "key"), None)
        if v and v.strip():
            return v.strip()
    return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup for plain dicts as well as mitmproxy's ``Headers``."""
    v = headers.get(name)
    if v is not None:
        return v
    lname = name.lower()
    for k, val in headers.items():
        if k.lower() == lname:
            return val
    return None


def _bearer_value(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer":
        value = rest.strip()
    return value or None


def _clean_user(user: object) -> str | None:
    if not isinstance(user, str):
        return None
    text = user.strip()
    if not text or len(text) > _MAX_USER_CHARS or _CTRL_RE.search(text):
        return None
    return text


# -- loading keys, maps and groups ------------------------------------------------------------------


def load_public_keys(spec: str | os.PathLike[str] | Iterable[str]) -> list[VerifyKey]:
    """Load verification keys from PEM, JWK/JWKS JSON, base64 or hex raw Ed25519, or files.

    Each item is either key material or a path to a file with one or more keys (concatenated
    PEM blocks, a JWK or JWKS document, or one raw key per line). A single string that is
    neither may list several items separated by commas (``warden_jwt_keys=a.pem,b.jwk``).
    Private keys and symmetric (``oct``) JWKs are refused: the gateway only ever needs to *verify*.
    """
    if isinstance(spec, (str, os.PathLike)):
        text = os.fspath(spec).strip()
        whole = _looks_like_key_material(text) or Path(text).expanduser().is_file()
        items = [text] if whole else text.split(",")
    else:
        items = [os.fspath(s) for s in spec]
    keys: list[VerifyKey] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        if _looks_like_key_material(item):
            keys.extend(_parse_key_text(item, "jwt_keys"))
            continue
        path = Path(item).expanduser()
        if not path.is_file():
            raise IdentityConfigError(f"jwt_keys: {item!r} is neither key material nor a readable file")
        keys.extend(_parse_key_text(path.read_text(encoding="utf-8"), str(path)))
    if not keys:
        raise IdentityConfigError("jwt_keys: no keys found")
    return keys


def _looks_like_key_material(text: str) -> bool:
    if text.startswith("-----BEGIN") or text.startswith("{"):
        return True
    return _raw_ed25519(text) is not None


_PEM_BLOCK_RE = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.S)


def _parse_key_text(text: str, where: str) -> list[VerifyKey]:
    text = text.strip()
    if text.startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise IdentityConfigError(f"{where}: invalid JWK JSON: {e}") from None
        jwks = doc.get("keys") if isinstance(doc, dict) and "keys" in doc else [doc]
        if not isinstance(jwks, list):
            raise IdentityConfigError(f"{where}: 'keys' must be a list")
        return [_from_jwk(j, where) for j in jwks]
    if "-----BEGIN" in text:
        out: list[VerifyKey] = []
        for m in _PEM_BLOCK_RE.finditer(text):
            if "PRIVATE" in m.group(1):
                raise IdentityConfigError(f"{where}: a private key was given; configure the public key only")
            key: Any
            try:
                if m.group(1) == "CERTIFICATE":  # an IdP often publishes its signing cert
                    key = x509.load_pem_x509_certificate(m.group(0).encode()).public_key()
                else:
                    key = load_pem_public_key(m.group(0).encode())
            except (ValueError, TypeError) as e:
                raise IdentityConfigError(f"{where}: unreadable PEM public key: {e}") from None
            out.append(VerifyKey(_check_public_key(key, where)))
        if not out:
            raise IdentityConfigError(f"{where}: unterminated PEM block")
        return out
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        raw = _raw_ed25519(line)
        if raw is None:
            raise IdentityConfigError(f"{where}: line is not a base64/hex Ed25519 public key")
        out.append(VerifyKey(ed25519.Ed25519PublicKey.from_public_bytes(raw)))
    return out


def _raw_ed25519(text: str) -> bytes | None:
    """32 raw bytes from base64 (standard or URL-safe, padding optional), hex, or base64 DER."""
    t = text.strip()
    if re.fullmatch(r"[0-9a-fA-F]{64}", t):
        return bytes.fromhex(t)
    if not re.fullmatch(r"[A-Za-z0-9+/_-]+={0,2}", t):
        return None
    try:
        raw = base64.urlsafe_b64decode(t.replace("+", "-").replace("/", "_") + "=" * (-len(t) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) == 32:
        return raw
    try:  # base64 of a DER SubjectPublicKeyInfo (what `openssl pkey -pubout -outform DER` gives)
        key = load_der_public_key(raw)
    except (ValueError, TypeError):
        return None
    if isinstance(key, ed25519.Ed25519PublicKey):
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return None


def _from_jwk(jwk_doc: Any, where: str) -> VerifyKey:
    if not isinstance(jwk_doc, dict):
        raise IdentityConfigError(f"{where}: a JWK must be a JSON object")
    if jwk_doc.get("kty") == "oct":
        raise IdentityConfigError(f"{where}: symmetric (oct) JWKs are refused; HS* tokens are never trusted")
    if any(p in jwk_doc for p in ("d", "p", "q")):
        raise IdentityConfigError(f"{where}: a private JWK was given; configure the public key only")
    try:
        pyjwk = jwt.PyJWK(jwk_doc)
    except (jwt.exceptions.PyJWKError, jwt.exceptions.InvalidKeyError, ValueError, TypeError) as e:
        raise IdentityConfigError(f"{where}: unusable JWK: {e}") from None
    kid = jwk_doc.get("kid")
    return VerifyKey(_check_public_key(pyjwk.key, where), kid if isinstance(kid, str) else None)


def _check_public_key(key: Any, where: str) -> PublicKey:
    if not isinstance(
        key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey, rsa.RSAPublicKey, ec.EllipticCurvePublicKey)
    ):
        raise IdentityConfigError(f"{where}: unsupported key type {type(key).__name__} (need a public key)")
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < _MIN_RSA_BITS:
        raise IdentityConfigError(f"{where}: RSA key of {key.key_size} bits is too small (min {_MIN_RSA_BITS})")
    return key


def _parse_secret(value: bytes | str) -> bytes:
    if isinstance(value, bytes):
        return value
    if value.startswith("hex:"):
        return bytes.fromhex(value[4:])
    if value.startswith("base64:"):
        return base64.b64decode(value[7:])
    if value.startswith("file:"):
        return Path(value[5:]).expanduser().read_bytes().strip()
    return value.encode("utf-8")


def load_ipmap(source: str | os.PathLike[str] | Mapping[str, Any] | Sequence[Any]) -> list[IpMapEntry]:
    """Parse a client-address map from a YAML file or an already-parsed document.

    Either a mapping ``{"10.1.2.0/24": {"user": "alice", "groups": ["eng"]}}`` or a list of
    ``{"cidr": ..., "user": ..., "groups": [...]}``. A bare address is a /32 (/128).
    """
    doc: Any = source
    where = "ipmap"
    if isinstance(source, (str, os.PathLike)):
        where = os.fspath(source)
        doc = _read_yaml(Path(where))
    rows: list[tuple[Any, Any]]
    if isinstance(doc, Mapping):
        rows = list(doc.items())
    elif isinstance(doc, list):
        rows = []
        for i, item in enumerate(doc):
            if not isinstance(item, Mapping) or "cidr" not in item:
                raise IdentityConfigError(f"{where}: entry {i} needs a 'cidr'")
            rows.append((item["cidr"], {k: v for k, v in item.items() if k != "cidr"}))
    elif doc is None:
        return []
    else:
        raise IdentityConfigError(f"{where}: expected a mapping of CIDR to {{user, groups}} or a list")
    out: list[IpMapEntry] = []
    for cidr, spec in rows:
        try:
            net = ipaddress.ip_network(str(cidr).strip(), strict=False)
        except ValueError as e:
            raise IdentityConfigError(f"{where}: {cidr!r} is not a network: {e}") from None
        if isinstance(spec, str):
            spec = {"user": spec}
        if spec is None:
            spec = {}
        if not isinstance(spec, Mapping) or set(spec) - {"user", "groups"}:
            raise IdentityConfigError(f"{where}: {cidr}: expected keys 'user' and/or 'groups'")
        user = spec.get("user")
        if user is not None and _clean_user(user) is None:
            raise IdentityConfigError(f"{where}: {cidr}: 'user' must be a non-empty string")
        out.append(IpMapEntry(net, _clean_user(user), _str_list(spec.get("groups"), f"{where}: {cidr}: groups")))
    return out


def load_groups(path: str | os.PathLike[str]) -> dict[str, tuple[str, ...]]:
    """Read a YAML groups file (``group: [user, ...]``) and invert it to user → groups."""
    where = os.fspath(path)
    doc = _read_yaml(Path(where))
    if doc is None:
        return {}
    if not isinstance(doc, Mapping):
        raise IdentityConfigError(f"{where}: expected a mapping of group name to a list of users")
    by_user: dict[str, set[str]] = {}
    for group, users in doc.items():
        if not isinstance(group, str) or not group.strip():
            raise IdentityConfigError(f"{where}: group names must be non-empty strings, got {group!r}")
        for user in _str_list(users, f"{where}: {group}"):
            by_user.setdefault(user, set()).add(group.strip())
    return {u: tuple(sorted(g)) for u, g in by_user.items()}


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise IdentityConfigError(f"{where}: expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise IdentityConfigError(f"{path}: cannot read: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise IdentityConfigError(f"{path}:{line} invalid YAML: {e}") from None

"""Secret detectors: provider formats, structural secrets, assignments, entropy in context.

Test keys are assembled at run time from a seeded random body, so the repository itself holds no
string that a secret scanner would (rightly) flag.
"""

from __future__ import annotations

import base64
import json
import random
import string
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_warden.classify.secrets import RULES, find_secrets, kinds, shannon_entropy

_rng = random.Random(1234)
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def rnd(n: int, alphabet: str = ALNUM) -> str:
    return "".join(_rng.choice(alphabet) for _ in range(n))


def found(text: str) -> list[tuple[str | None, str]]:
    return [(f.kind, text[f.start : f.end]) for f in find_secrets(text)]


def kinds_of(text: str) -> set[str | None]:
    return {k for k, _ in found(text)}


PROVIDER_KEYS: list[tuple[str, str]] = [
    ("openai_api_key", "sk-proj-" + rnd(74) + "T3BlbkFJ" + rnd(74)),
    ("openai_api_key", "sk-" + rnd(20) + "T3BlbkFJ" + rnd(20)),
    ("openai_api_key", "sk-" + rnd(48)),
    ("anthropic_api_key", "sk-ant-api03-" + rnd(93, ALNUM + "-_") + "AA"),
    ("anthropic_api_key", "sk-ant-admin01-" + rnd(93) + "AA"),
    ("aws_access_key_id", "AKIA" + rnd(16, string.ascii_uppercase + "234567")),
    ("aws_access_key_id", "ASIA" + rnd(16, string.ascii_uppercase + "234567")),
    ("google_api_key", "AIza" + rnd(35)),
    ("google_oauth_client_secret", "GOCSPX-" + rnd(28)),
    ("google_oauth_token", "ya29." + rnd(60)),
    ("github_token", "ghp_" + rnd(36)),
    ("github_token", "gho_" + rnd(36)),
    ("github_token", "ghs_" + rnd(36)),
    ("github_token", "github_pat_" + rnd(22) + "_" + rnd(59)),
    ("gitlab_token", "glpat-" + rnd(20)),
    ("slack_token", "xoxb-" + rnd(11, "0123456789") + "-" + rnd(12, "0123456789") + "-" + rnd(24)),
    ("slack_token", "xoxp-" + rnd(11, "0123456789") + "-" + rnd(11, "0123456789") + "-" + rnd(12, "0123456789") + "-" + rnd(32, HEX)),
    ("slack_webhook", "https://hooks.slack.com/services/T" + rnd(8) + "/B" + rnd(8) + "/" + rnd(24)),
    ("stripe_secret_key", "sk_live_" + rnd(24)),
    ("stripe_secret_key", "rk_live_" + rnd(24)),
    ("stripe_webhook_secret", "whsec_" + rnd(32)),
    ("twilio_api_key", "SK" + rnd(32, HEX)),
    ("sendgrid_api_key", "SG." + rnd(22) + "." + rnd(43)),
    ("huggingface_token", "hf_" + rnd(34)),
    ("npm_token", "npm_" + rnd(36)),
    ("pypi_token", "pypi-AgEIcHlwaS5vcmc" + rnd(60)),
    ("shopify_token", "shpat_" + rnd(32, HEX)),
    ("mailgun_api_key", "key-" + rnd(32, HEX)),
    ("mailchimp_api_key", rnd(32, HEX) + "-us12"),
    ("discord_webhook", "https://discord.com/api/webhooks/" + rnd(18, "0123456789") + "/" + rnd(68)),
    ("telegram_bot_token", rnd(10, "123456789") + ":AA" + rnd(33)),
    ("digitalocean_token", "dop_v1_" + rnd(64, HEX)),
    ("heroku_api_key", "HRKU-AA" + rnd(58)),
    ("linear_api_key", "lin_api_" + rnd(40)),
    ("notion_token", "ntn_" + rnd(11, "0123456789") + rnd(35)),
    ("atlassian_api_token", "ATATT3" + rnd(180)),
    ("databricks_token", "dapi" + rnd(32, HEX)),
    ("doppler_token", "dp.pt." + rnd(43)),
    ("vault_token", "hvs." + rnd(90)),
    ("pulumi_token", "pul-" + rnd(40, HEX)),
    ("grafana_token", "glsa_" + rnd(32) + "_" + rnd(8, HEX)),
    ("postman_api_key", "PMAK-" + rnd(24, HEX) + "-" + rnd(34, HEX)),
    ("groq_api_key", "gsk_" + rnd(52)),
    ("perplexity_api_key", "pplx-" + rnd(48)),
    ("square_token", "sq0atp-" + rnd(22)),
    ("brevo_api_key", "xkeysib-" + rnd(64, HEX) + "-" + rnd(16)),
    ("age_secret_key", "AGE-SECRET-KEY-1" + rnd(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")),
    ("azure_ad_client_secret", rnd(3) + "8Q~" + rnd(34)),
    ("new_relic_key", "NRAK-" + rnd(27, string.ascii_uppercase + string.digits)),
    ("sentry_token", "sntryu_" + rnd(64, HEX)),
    ("alibaba_access_key_id", "LTAI" + rnd(20)),
]


@pytest.mark.parametrize("kind,key", PROVIDER_KEYS, ids=[k for k, _ in PROVIDER_KEYS])
def test_provider_key_found_with_exact_span(kind: str, key: str) -> None:
    for text in (f"here is my key {key} thanks", f'{{"key": "{key}"}}', f"KEY='{key}'\n"):
        hits = [f for f in find_secrets(text) if f.kind == kind]
        assert hits, text
        assert any(text[f.start : f.end] == key for f in hits)


def test_at_least_thirty_provider_kinds() -> None:
    provider = {r.kind for r in RULES}
    assert len(provider) >= 30
    assert {k for k, _ in PROVIDER_KEYS} <= set(kinds())


@pytest.mark.parametrize("kind,key", PROVIDER_KEYS[:12], ids=[k for k, _ in PROVIDER_KEYS[:12]])
def test_key_glued_into_longer_token_is_not_a_match(kind: str, key: str) -> None:
    # A key cannot be the middle of a longer identifier: that is a different string.
    text = f"x_{key}Z9"
    assert kind not in kinds_of(text)


def test_aws_secret_assignment() -> None:
    secret = rnd(40, ALNUM + "/+")
    text = f"aws_secret_access_key = {secret}\n"
    assert ("aws_secret_access_key", secret) in found(text)


def test_azure_connection_string() -> None:
    key = rnd(86, ALNUM + "+/") + "=="
    text = f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={key};EndpointSuffix=core.windows.net"
    assert ("azure_storage_key", key) in found(text)


def test_datadog_needs_context() -> None:
    key = rnd(32, HEX)
    assert ("datadog_api_key", key) in found(f"DD_API_KEY={key}")
    assert "datadog_api_key" not in kinds_of(f"checksum {key}")


# --- PEM, JWT ----------------------------------------------------------------------------------


def _pem(label: str = "RSA PRIVATE KEY", nl: str = "\n") -> str:
    body = nl.join(rnd(64, ALNUM + "+/") for _ in range(6))
    return f"-----BEGIN {label}-----{nl}{body}{nl}-----END {label}-----"


@pytest.mark.parametrize("label", ["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY",
                                   "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"])
def test_pem_block_whole_span(label: str) -> None:
    pem = _pem(label)
    text = f"key:\n{pem}\nend"
    assert ("pem_private_key", pem) in found(text)


def test_pem_in_gcp_service_account_json() -> None:
    pem = _pem("PRIVATE KEY", nl="\\n")
    key_id = rnd(40, HEX)
    doc = ('{"type": "service_account", "private_key_id": "' + key_id +
           '", "private_key": "' + pem + '\\n"}')
    assert ("pem_private_key", pem) in found(doc)
    assert all(key_id not in v for _, v in found(doc))  # the key's id names the key, as a JWT's "kid": it grants nothing


def test_truncated_pem_still_found() -> None:
    text = "-----BEGIN PRIVATE KEY-----\n" + rnd(64) + "\n" + rnd(40)
    hits = found(text)
    assert hits and hits[0][0] == "pem_private_key" and hits[0][1] == text


def test_public_key_is_not_secret() -> None:
    text = "-----BEGIN PUBLIC KEY-----\n" + rnd(64) + "\n-----END PUBLIC KEY-----"
    assert "pem_private_key" not in kinds_of(text)


def _b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def test_jwt_requires_alg_header() -> None:
    jwt = _b64url({"alg": "HS256", "typ": "JWT"}) + "." + _b64url({"sub": "42", "name": "x"}) + "." + rnd(43)
    assert ("jwt", jwt) in found(f"token {jwt}")
    not_jwt = _b64url({"typ": "JWT"}) + "." + _b64url({"sub": "42"}) + "." + rnd(43)
    assert "jwt" not in kinds_of(f"data {not_jwt}")


# --- passwords ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,secret,kind",
    [
        ("postgres://admin:s3cr3tP4ss@db.internal:5432/app", "s3cr3tP4ss", "url_password"),
        ("redis://:hunter2hunter2@cache:6379/0", "hunter2hunter2", "url_password"),
        ('dsn := "orders_rw:chSoGvrV61nAt5@tcp(172.31.40.2:3306)/orders"', "chSoGvrV61nAt5", "url_password"),
        ("echo 'Lingon-Sylt-88' | docker login registry.example.se -u lars --password-stdin", "Lingon-Sylt-88",
         "password"),
        ("// konto testowe: anna.w@example.pl / Lato2024!", "Lato2024!", "password"),
        ("He read the password out to me over the phone: Tulip$Harbor77 (told him to change it)", "Tulip$Harbor77",
         "password"),
        ("DB_PASSWORD=hunter2", "hunter2", "password"),
        ("password: 'c0rrect horse'", "c0rrect horse", "password"),
        ('{"password": "Tr0ub4dor&3"}', "Tr0ub4dor&3", "password"),
        ("Server=db;User Id=sa;Password=P@ssw0rd!;", "P@ssw0rd!", "password"),
        ("passwd: letmein", "letmein", "password"),
        ("DB_PASS=hunter22", "hunter22", "password"),
        ('"secret": "aB3dE5fG7hJ9kL1mN3pQ"', "aB3dE5fG7hJ9kL1mN3pQ", "generic_secret"),
        ("client_secret = 'x7Gq2LmP9sVt4RwZ8kYb'", "x7Gq2LmP9sVt4RwZ8kYb", "generic_secret"),
        ("the password is Hunter2!", "Hunter2!", "password"),
        ("mysql --password hunter22 -h db", "hunter22", "password"),
        ("curl -u admin:pa55word https://api", "pa55word", "password"),
        ("Authorization: Basic " + base64.b64encode(b"admin:secret").decode(),
         base64.b64encode(b"admin:secret").decode(), "basic_auth"),
        ("Authorization: Bearer 9f8a7b6c5d4e3f2a1b0cXyZ", "9f8a7b6c5d4e3f2a1b0cXyZ", "bearer_token"),
    ],
)
def test_password_like(text: str, secret: str, kind: str) -> None:
    assert (kind, secret) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "password: str = None",
        "def login(username, password): return check(password)",
        "password = request.form['password']",
        "password = os.environ['DB_PASSWORD']",
        "DB_PASSWORD=${DB_PASSWORD}",
        "password: {{ vault_password }}",
        "password: <your password here>",
        "password=********",
        "Your password: must be 8 characters long",
        "Password is incorrect",
        "reset_password_url = https://example.com/reset",
        "max_tokens=1024, token_count: 5, tokenizer: bpe",
        "api_key = get_api_key()",
        "api_key: YOUR_API_KEY",
        "secret_name: prod-db-credentials",
        "password_hash = bcrypt(pw)",
        "redis://cache:6379/0 and https://user@example.com/path",
        "postgres://user:${PGPASSWORD}@db/app",
        'dsn := "app:${DB_PASS}@tcp(db:3306)/x"',
        "SMTP_PASSWORD=changeme",
        "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME",
        "The password policy: minimum twelve characters",
        "echo $REGISTRY_TOKEN | docker login ghcr.io -u me --password-stdin",
        "write to a.b@example.com / docs.example.com for help",
        "mail me at a.b:c@example.com",
        "Authorization: Bearer $TOKEN",
        "Authorization: Bearer <token>",
        "the bypass: enabled",
        "custom_pass: CustomGraphPassType | None = None",
        "Alternatively, pass :class:`Foo` to the constructor",
        "GraphPassCallable: TypeAlias = Callable[[Graph], None]",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    ],
)
def test_not_a_secret(text: str) -> None:
    assert found(text) == []


# --- entropy in context ------------------------------------------------------------------------


def test_high_entropy_near_credential_word() -> None:
    tok = rnd(40)
    assert ("high_entropy_string", tok) in found(f"my token {tok}") or any(
        k in ("generic_secret",) for k, _ in found(f"my token {tok}"))
    assert found(f"the weather station reported {tok}") == []


@pytest.mark.parametrize(
    "text",
    [
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "api sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "key name getUserProfileSettingsForAccount",
        "See the API docs at https://docs.example.com/v1/reference/authentication",
        "token bucket algorithm with refill_rate_per_second_configurable",
        "version 1.2.3, build 20240115, timestamp 1700000000",
        "auth middleware: AuthenticationMiddlewareFactory.createDefault()",
        "integrity sha512-Ab3dE5fG7hJ9kL1mN3pQrStUvWxYz0123456789abcdEFGH==",
    ],
)
def test_ordinary_technical_text_is_clean(text: str) -> None:
    assert found(text) == []


def test_entropy_helper() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert abs(shannon_entropy("abcd") - 2.0) < 1e-9


# --- robustness ---------------------------------------------------------------------------------

ADVERSARIAL = [
    "password=" * 20_000,
    "-----BEGIN PRIVATE KEY-----" * 2_000 + "A" * 50_000,
    "eyJ" + "a" * 100_000,
    "eyJhbGciOi." * 20_000,
    "x://" * 30_000,
    "a:" * 30_000 + "@",
    "sk-" * 30_000,
    "Bearer " * 20_000,
    "A" * 200_000,
    "token " + "aB3" * 60_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:10]))
def test_linear_time_on_adversarial_input(text: str) -> None:
    t0 = time.perf_counter()
    find_secrets(text)
    assert time.perf_counter() - t0 < 5.0


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_spans_in_bounds_with_kind(text: str) -> None:
    for f in find_secrets(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.type == "SECRET" and f.detector == "secret" and f.kind


@pytest.mark.parametrize(
    "text,secret",
    [
        ('s.login("wanjiru@gmail.com", "xkcd qwop rtyu zbnm")', "xkcd qwop rtyu zbnm"),
        ('mysqli_connect("localhost", "wp_admin", "Sunflower!88", "wp")', "Sunflower!88"),
        ('smtp.PlainAuth("", "noreply@x.app", "vG7!pQ2zR9tw", "smtp.x.app")', "vG7!pQ2zR9tw"),
        ('requests.get(u, auth=HTTPBasicAuth("bob", "b0bs-pass"))', "b0bs-pass"),
        ('SECRET_KEY = os.environ.get("DJANGO_SECRET", "5klm!tfxs0015otu")', "5klm!tfxs0015otu"),
        ("$ docker login -u chris -p dckr_pat_" + "a" * 2 + "Zx9" * 9, "dckr_pat_" + "a" * 2 + "Zx9" * 9),
        ("mysql -u root -pS3cretRoot! mydb", "S3cretRoot!"),
        ("postgresql://reporting:Rep0rt$!ng@2024@pg.example.com:5432/a", "Rep0rt$!ng@2024"),
        ("postgres://orders:Qm9-vT7#xLp2@db.internal:5432/orders", "Qm9-vT7#xLp2"),
    ],
)
def test_positional_and_command_line_passwords(text: str, secret: str) -> None:
    assert secret in [v for _, v in found(text)]


@pytest.mark.parametrize(
    "text",
    [
        "self.login(username, password)",
        "db.connect(host, user, password)",
        'os.environ.get("HOME", "/root")',
        "docker login -u chris --password-stdin",
        "mysql -u root -p mydb",
    ],
)
def test_calls_without_literal_password_are_clean(text: str) -> None:
    assert found(text) == []


def test_password_wrapped_in_decode_call() -> None:
    text = 'conn = connect(user="etl", password=base64.b64decode("ZXRsX3B3XzIyOTE=").decode())'
    assert ("password", "ZXRsX3B3XzIyOTE=") in found(text)


def test_session_cookie_and_netrc() -> None:
    sid = "4937d74c8e9b1b2f7884334080bc0608"
    text = f"GET / HTTP/1.1\nCookie: theme=dark; sessionid={sid}; lang=en\n"
    assert found(text) == [("session_cookie", sid)]
    netrc = "machine api.example.com\n  login deploy@example.io\n  password 6f1b7d0e-3c9a-4e2f-8b51-0a7c2d9e4f13\n"
    assert ("password", "6f1b7d0e-3c9a-4e2f-8b51-0a7c2d9e4f13") in found(netrc)


def test_password_settings_are_not_passwords() -> None:
    assert found("password_encryption = scram-sha-256\npassword_min_length = 12") == []


def test_every_value_of_a_kubernetes_secret_but_not_of_a_configmap() -> None:
    text = ("apiVersion: v1\nkind: Secret\ntype: Opaque\ndata:\n  DB_USER: bGVkZ2VyX2FwcA==\n"
            "  DB_HOST: MTAuOTYuMC4xMg==\n---\nkind: ConfigMap\ndata:\n  LOG_LEVEL: aW5mbw==\n")
    values = {text[f.start : f.end] for f in find_secrets(text)}
    assert values == {"bGVkZ2VyX2FwcA==", "MTAuOTYuMC4xMg=="}


@pytest.mark.parametrize(
    "text,secret",
    [
        ("- konto magazyn_wola / hasło Orzel#2024pl! (zmienić po wdrożeniu)", "Orzel#2024pl!"),
        ("saunan uusi wifi-salasana on Saunailta2024!", "Saunailta2024!"),
        ("Das WLAN-Passwort lautet Fjord-88x, bitte nicht weitergeben.", "Fjord-88x"),
        ("la contraseña es Pinar_2031 desde ayer", "Pinar_2031"),
        ("wachtwoord: Tulpen9Lente", "Tulpen9Lente"),
    ],
)
def test_password_word_of_any_language_then_value(text: str, secret: str) -> None:
    assert ("password", secret) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME",
        "the password policy asks for 12 characters",
        "password hashing uses argon2id with 3 passes",
        "Reset your password at https://example.com/reset2",
        "hasło zmienione 12.03.2024",
    ],
)
def test_password_word_without_a_made_up_value_is_clean(text: str) -> None:
    assert [k for k, _ in found(text) if k == "password"] == []


def test_php_define_of_a_credential_constant() -> None:
    salt = "Kq&mN,Uy0r~1q1XiJAneYm)Oj9KF{cS)i4Nj/FnI(nCA*rvIA.(m:xg&S@)>)oHX"
    text = ("define( 'DB_USER', 'wp_harbour' );\ndefine( 'DB_PASSWORD', '6Yt!pR2m@Lw9qZ' );\n"
            f"define( 'AUTH_KEY',         '{salt}' );\ndefine( 'WP_DEBUG', false );\n")
    assert set(found(text)) == {("password", "6Yt!pR2m@Lw9qZ"), ("generic_secret", salt)}  # detectors may agree


def test_session_cookie_in_a_logged_header_dict() -> None:
    sid = "n74OVZCZ9ZcT1XsINnTxd7pATQoHLDPxxnxR53rUvtmnlOzO"
    text = f'headers={{"User-Agent": "curl/8.4", "Cookie": "admin_session={sid}"}}'
    assert ("session_cookie", sid) in found(text) and {v for _, v in found(text)} == {sid}  # detectors may agree


def test_a_session_value_in_a_record_is_a_credential() -> None:
    sid = "cgWS9TfedYvqTmqUGrzqozrjBXFcFZL7C1yUqZmY"
    assert ("generic_secret", sid) in found(f'{{"user": {{"id": 4, "session": "{sid}"}}}}')
    assert found('{"session": "morning", "session_length": "2024-05-01T10:00"}') == []


@pytest.mark.parametrize("value", ["Tq!49xmZ7pK", "Winter2024!", "hG7kLm2pQx9"])
def test_a_password_shaped_value_after_pass_colon(value: str) -> None:
    assert ("password", value) in found(f"db:\n  user: app\n  pass: {value}\n")


@pytest.mark.parametrize("value", ["true", "compile_all", "v1.2.3-beta", "2024-05-01T10:00", "3", "Exam2"])
def test_yaml_values_after_pass_colon_are_no_password(value: str) -> None:
    assert found(f"steps:\n  pass: {value}\n") == []


@pytest.mark.parametrize(
    "text,secret",
    [
        ("command: redis-server --requirepass r3d1s-Gh8vK2\n", "r3d1s-Gh8vK2"),
        ('  app_key = "2a7e82c3b19b42c6047b6624fe350fd3f7c980d8"\n', "2a7e82c3b19b42c6047b6624fe350fd3f7c980d8"),
        ("mysql -h 10.30.1.20 -u reporting -p'R3port!ng2024' sales_dw", "R3port!ng2024"),
        ("<wsse:Username>svc</wsse:Username>\n<wsse:Password>Vq8#nT4!rLzx</wsse:Password>", "Vq8#nT4!rLzx"),
        ("    environment:\n      N8N_SMTP_PASS: Hopfen!Malz#2024\n", "Hopfen!Malz#2024"),
        ("define( 'AUTH_KEY', 'rpiFn>:@2mUtYAWPx0{?G#8D6h,J+MYM_dMF0&SSd<oUkaLm3A-{&wI9waK(ZceQ' );",
         "rpiFn>:@2mUtYAWPx0{?G#8D6h,J+MYM_dMF0&SSd<oUkaLm3A-{&wI9waK(ZceQ"),  # a salt may hold < and >
    ],
)
def test_more_places_a_credential_is_written(text: str, secret: str) -> None:
    assert secret in [v for _, v in found(text)]


@pytest.mark.parametrize(
    "text",
    ["api_key=<your-api-key>", "password: <PASSWORD>", "<password>changeme</password>",
     "<tokenType>Bearer</tokenType>", 'app_key_name = "primary"', "pass: true"],
)
def test_slots_and_settings_are_no_credentials(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text,secret",
    [
        ("pw for the readonly user is in the notebook too `Lark!Harbour9` — rotating now", "Lark!Harbour9"),
        ("router admin pw is still the default one on the sticker (Q7wtxP9mcK2h) should i change it", "Q7wtxP9mcK2h"),
        ('const JWT_SECRET = process.env.JWT_SECRET || "f7Kq!29vLmN0xR#shadowfax";', "f7Kq!29vLmN0xR#shadowfax"),
        ('db_pass = os.environ.get("DB_PASSWORD", "Tr0ub4dor&3")', "Tr0ub4dor&3"),
        ("token = ENV.fetch('API_TOKEN') { 'hx81Kd02LmQ' }", "hx81Kd02LmQ"),
    ],
)
def test_passwords_set_off_in_prose_and_env_fallbacks(text: str, secret: str) -> None:
    assert secret in [v for _, v in found(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Failed password for invalid user oracle from 2a03:b0c0:3:d0::1f6:7001 port 33902 ssh2",
        "Accepted password for deploy from fe80::1c2b:3aff:fe4d:5e6f port 22",
        "password reset via `forgotPassword()` in (AuthService), see \"docs/Reset2FA.md\"",
        'const port = process.env.PORT || "8080";\nconst s = process.env.SESSION_SECRET || "changeme";',
        "the pw field (passwordField) and the label 'Password'",
    ],
)
def test_addresses_calls_and_placeholders_near_a_password_word(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text,secret",
    [
        ("Nøkkel ligger hos vaktmester, passordet er Fjordhest-2291.", "Fjordhest-2291"),
        ("stoji na dvorištu, a lozinka za wifi je Bura2024Split!.", "Bura2024Split!"),
        ("Mật khẩu email công ty tạm thời: SaoMai@2024#QA", "SaoMai@2024#QA"),
        ('\tflutterwaveSK = "FLWSECK-09b53ec86c8e56278525ef42a4e6c45c-X"', "FLWSECK-09b53ec86c8e56278525ef42a4e6c45c-X"),
    ],
)
def test_passwords_in_more_languages_and_more_providers(text: str, secret: str) -> None:
    assert secret in [v for _, v in found(text)]


def test_placeholders_in_a_keys_shape_and_public_ids_are_no_secrets() -> None:
    assert found("STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx") == []
    text = 'const rzp = new Razorpay({ key_id: "rzp_live_wfW8tDuEEFgIus", key_secret: "cO8RRa7N2V62LaQ9xK3b" });'
    assert {v for _, v in found(text)} == {"cO8RRa7N2V62LaQ9xK3b"}


def test_a_session_cookie_passed_as_an_argument() -> None:
    text = 'http GET 10.8.1.22:8000 cookie="sessionid=bthu60j1c5bx8496h2y2jhkuhshn5q71; lang=en-GB"'
    assert found(text) == [("session_cookie", "bthu60j1c5bx8496h2y2jhkuhshn5q71")]


@pytest.mark.parametrize(
    "text,secret",
    [
        ("A szerelő kérte a wifi jelszót is a „okosmérő” miatt, megadtam neki: Pozsonyi38-Halo!. Ezt", "Pozsonyi38-Halo!"),
        ("nenosiri limebadilishwa kuwa Umoja@Kasarani2024, msimwambie mtu", "Umoja@Kasarani2024"),
        ("router ka password sabko pata hai, admin / GVH@sec62 🙄", "GVH@sec62"),
    ],
)
def test_passwords_a_few_words_after_the_word_or_after_a_user_name(text: str, secret: str) -> None:
    assert secret in [v for _, v in found(text)]


def test_env_placeholders_in_a_url_are_no_password() -> None:
    assert found("DATABASE_URL: postgres://${DB_USER:-app}:${DB_PASSWORD}@db:5432/app") == []


def test_a_password_that_is_still_something() -> None:
    assert ("password", "Welcome@2025") in found("the uat portal password is still Welcome@2025 na?")


def test_a_stripe_live_card_token() -> None:
    assert ("stripe_card_token", "tok_live_8fK2pQx7Lm4Wz9Rb3Tn6Yc1V") in found(
        "VALUES ('Hannah', 'tok_live_8fK2pQx7Lm4Wz9Rb3Tn6Yc1V', '84.241.196.37')")


def test_a_flag_and_its_value_in_an_argument_array() -> None:
    assert found('command: ["redis-server", "--requirepass", "Lz4tK9vC1xNe"]') == [("password", "Lz4tK9vC1xNe")]
    assert found("args: ['--token', 'f8Hq2LmZ0pRt', '--verbose']") == [("password", "f8Hq2LmZ0pRt")]
    assert found('args: ["--password", "$DB_PASSWORD"]') == []


def test_a_chosen_password_later_on_the_line_of_its_word() -> None:
    text = "rotated the staging db password over the weekend, new one is Q7!vR2m#pLx9eWd4"
    assert found(text) == [("password", "Q7!vR2m#pLx9eWd4")]
    # Farther from its word a value must be plainly chosen: words, versions and paths are not.
    assert found("password reset emails are slow, the fix is in v2.3.1-beta") == []
    assert found("the password policy page is Settings/Security") == []


def test_a_chosen_password_after_a_colon_later_on_its_line() -> None:
    text = "please never send passwords in chat 😅 I've set a temp one: Fh-Temp-88231 — change it when you log in"
    assert found(text) == [("password", "Fh-Temp-88231")]


@pytest.mark.parametrize(
    "text,value",
    [
        ("there is MistyHills_Guest pw coorg@2024#\n[06/09/24] Sneha: ok", "coorg@2024#"),  # right after "pw"
        ("router admin is admin / Nrb!Gw-7731 if anyone needs to switch it", "Nrb!Gw-7731"),  # a login pair
        ("ansible_become_pasword=Tr0ub4dor&3-lawnmower", "Tr0ub4dor&3-lawnmower"),  # a mistyped key
    ],
)
def test_passwords_written_loosely(text: str, value: str) -> None:
    assert found(text) == [("password", value)]


@pytest.mark.parametrize("text", ["the password reset page is down again", "login works now, password manager updated",
                                  "pw reset link expired"])
def test_password_words_without_a_password(text: str) -> None:
    assert found(text) == []


def test_a_credential_word_then_its_value() -> None:
    assert found("the twilio sid is AC1234 and token 38d5e4cf6a224b7772bab4d6c11efd0f") == [
        ("high_entropy_string", "38d5e4cf6a224b7772bab4d6c11efd0f")]
    assert found("ok fine. staging db pw is still Marmalade-Otter-22 if you need to test") == [
        ("password", "Marmalade-Otter-22")]
    assert found("the token expired yesterday, we need a new one") == []


def test_a_shell_default_is_no_password() -> None:
    assert found('command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:-changeme}"]') == []


@pytest.mark.parametrize(("text", "expected"), [
    # a value encoded for a Secret's manifest by hand is the secret; in single quotes "$" is part of it
    ("I made the values with `echo 'Gx4$mq7Wp2!aZ9' | base64`. what am I missing", ["Gx4$mq7Wp2!aZ9"]),
    ('echo -n "Rk8-tpQ2vLz9" | base64', ["Rk8-tpQ2vLz9"]),
    # words, decoding and shell variables are not
    ("echo 'hello world' | base64 ; echo hello | base64", []),
    ('echo -n "Rk8-tpQ2vLz9" | base64 -d', []),
    ('echo "$DB_PASSWORD" | base64', []),
])
def test_values_encoded_by_hand_with_base64(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_secrets(text)] == expected


def test_a_password_changed_to_a_value_in_more_languages_and_a_log_fields_next_value() -> None:
    sl = "Geslo sem včeraj spremenil na Jesen2024!Celje — je mogoče predolgo?"
    assert [sl[f.start : f.end] for f in find_secrets(sl)] == ["Jesen2024!Celje"]
    log = "WARN login failed user=jo reason=invalid_password attempts=3 lockout=false"
    assert find_secrets(log) == []


def test_a_terraform_credential_variables_default() -> None:
    text = ('variable "db_password" {\n  type = string\n  default = "Sommer2024!Lager"\n}\n'
            'variable "region" { default = "eu-west-1" }\nvariable "api_token" { default = "CHANGE_ME" }\n')
    assert [text[f.start : f.end] for f in find_secrets(text)] == ["Sommer2024!Lager"]

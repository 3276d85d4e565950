#!/usr/bin/env python3
"""Generate synthetic, character-level labelled NER data for the bundled llm-warden model.

Templates live in scripts/ner_data/templates/<genre>.txt, one per line (`\\n` = newline, `#` = comment, optional
leading `@xx ` language tag choosing the Faker locale family). Slots are `{NAME}` or `{NAME<k>}` (same k = same
entity within one sample, e.g. `{FIRST1}` and `{PERSON1}` are the same person):

  entity slots  PERSON FIRST LAST TPERSON(title + name; only the name is labelled) CITY COUNTRY REGION PLACE
                ADDRESS STREET LANDMARK ORG DOB
  plain slots   DATE TIME MONTH WEEKDAY YEAR EMAIL PHONE URL IP NUM AMOUNT PCT ID USER VAR TECH PROJECT CAPS
                PLACEWORD JOB

Templates are split into train / held-out BY TEMPLATE (a stable hash of the template text), so held-out metrics
measure generalisation to unseen sentence shapes. In a share of the training samples (`--perturb`, default 0.4)
5-30 % of the template's own words are swapped for random words of the training templates and filler (a few for
capitalised non-entities such as product names), so the model cannot learn the templates' exact wording; birth
words and titles are never swapped. The held-out samples are rendered as written.

  .venv/bin/python scripts/gen_ner_data.py --out /tmp/warden-ner/train.jsonl --n 300000 \\
      --heldout-out eval/synthetic_heldout.jsonl --n-heldout 3000 --seed 13
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "ner_data"))
import wordlists as W  # noqa: E402

TEMPLATE_DIR = HERE / "ner_data" / "templates"
SLOT_RE = re.compile(r"\{([A-Z]+?)(\d?)\}")
WORD_RE = re.compile(r"[^\W\d_]{3,}")
#: Context words that carry a label's meaning (a date is a DATE_OF_BIRTH only after "born"), never swapped.
PROTECTED_WORDS = frozenset("""born birth birthday dob geboren geburtsdatum geb née naissance nacido nacida
nacimiento nato nata nascita nascido nascida urodzony urodzona urodzenia född födelsedatum geboortedatum""".split())
ENTITY_TYPES = ("PERSON", "LOCATION", "ORGANIZATION", "DATE_OF_BIRTH")
HELDOUT_PERCENT = 15

LOCALES = {  # locale -> (weight, language family for titles / language-tagged templates)
    "en_US": (10, "en"), "en_GB": (7, "en"), "en_IN": (2, "en"), "en_AU": (1, "en"), "en_IE": (1, "en"),
    "de_DE": (5, "de"), "de_AT": (1, "de"), "de_CH": (1, "de"), "fr_FR": (4, "fr"), "es_ES": (3, "es"),
    "it_IT": (3, "it"), "nl_NL": (3, "nl"), "pt_BR": (2, "pt"), "pt_PT": (1, "pt"), "pl_PL": (2, "pl"),
    "sv_SE": (2, "sv"), "da_DK": (1, "sv"), "fi_FI": (1, "en"), "cs_CZ": (1, "en"), "hu_HU": (1, "en"),
    "ro_RO": (1, "en"), "tr_TR": (1, "en"),
}
#: ``--more-locales``: names, places and companies of more countries, mostly in templates of other languages (real
#: prompts name people from everywhere; a model that has seen two dozen locales' names misses the rest).
MORE_LOCALES = {
    "vi_VN": (1, "en"), "id_ID": (1, "en"), "no_NO": (1, "sv"), "es_MX": (1, "es"), "es_AR": (0.5, "es"),
    "es_CO": (0.5, "es"), "es_CL": (0.5, "es"), "fr_CA": (0.5, "fr"), "fr_BE": (0.3, "fr"), "nl_BE": (0.5, "nl"),
    "sk_SK": (0.5, "en"), "sl_SI": (0.5, "en"), "hr_HR": (0.5, "en"), "lt_LT": (0.5, "en"), "lv_LV": (0.5, "en"),
    "et_EE": (0.5, "en"), "en_NZ": (0.5, "en"), "en_NG": (0.5, "en"), "en_KE": (0.5, "en"), "yo_NG": (0.5, "en"),
    "zu_ZA": (0.5, "en"), "sw": (0.5, "en"), "ga_IE": (0.3, "en"), "az_AZ": (0.3, "en"), "is_IS": (0.3, "en"),
    "el_GR": (0.5, "en"), "uk_UA": (0.5, "en"), "ru_RU": (0.3, "en"), "bg_BG": (0.3, "en"),
}
GLOBAL_FIRST = ("Wei Li Na Jun Hiroshi Yuki Haruto Sakura Min-jun Ji-woo Seo-yeon Mohammed Muhammad Ahmed Fatima Aisha "
                "Omar Layla Yusuf Zainab Chinedu Ngozi Kwame Ama Tunde Amara Priya Rahul Ananya Arjun Deepika Vikram "
                "Nguyen Thi Anh Minh Siddharth Olumide Thabo Lerato Kofi Akosua Mei Xiao Hao Chen Ravi Sunita Imran "
                "Farah Tariq Leila Dmitri Olga Sergei Natalia Ivan Anastasia Björn Søren Ólafur Zoë Chloé Noémie "
                "José María Joâo Ángel Iñaki Çağla Şebnem Ümit Łucja Żaneta").split()
GLOBAL_LAST = ("Zhang Wang Li Liu Chen Yang Huang Zhao Wu Tanaka Sato Suzuki Takahashi Watanabe Kim Park Lee Choi Jung "
               "Al-Farsi Al-Rashid Haddad Khalil Hassan Okafor Adeyemi Mensah Boateng Nwosu Abubakar Sharma Patel "
               "Gupta Singh Iyer Reddy Nair Menon Chatterjee Nguyen Tran Pham Ivanov Petrova Sokolov Kowalczyk "
               "O'Brien O'Connor O'Neill McDonald MacLeod McAllister D'Angelo D'Souza DiMaggio LeBlanc FitzGerald "
               "Müller Schröder Gößling Nuñez Peña Ibáñez Groß Ødegaard Åkesson Brontë Łukasiewicz Dvořák "
               "Van Houten de la Cruz dos Santos van der Berg van den Heuvel von Trapp ter Horst de Vries").split()
PARTICLES = {"nl": ["van", "van der", "de", "van den", "ter"], "de": ["von", "von der"], "fr": ["de", "Le", "du"],
             "it": ["Di", "De", "Lo"], "pt": ["da", "dos", "de"], "es": ["de", "del", "de la"]}


def stable_hash(s: str) -> int:
    return int(hashlib.md5(s.encode("utf-8")).hexdigest()[:8], 16)


@dataclass
class Template:
    genre: str
    text: str
    lang: str | None
    tid: str
    heldout: bool


def load_templates(template_dir: Path = TEMPLATE_DIR) -> list[Template]:
    out: list[Template] = []
    for path in sorted(template_dir.glob("*.txt")):
        genre = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            lang = None
            m = re.match(r"@([a-z]{2}) ", line)
            if m:
                lang, line = m.group(1), line[m.end():]
            text = line.replace("\\n", "\n").replace("\\t", "\t")
            h = stable_hash(genre + "\x00" + text)
            out.append(Template(genre, text, lang, f"{genre}-{h:08x}", h % 100 < HELDOUT_PERCENT))
    return out


@dataclass
class Pools:
    first: dict[str, list[str]] = field(default_factory=dict)
    last: dict[str, list[str]] = field(default_factory=dict)
    city: dict[str, list[str]] = field(default_factory=dict)
    street: dict[str, list[str]] = field(default_factory=dict)
    postcode: dict[str, list[str]] = field(default_factory=dict)
    company: dict[str, list[str]] = field(default_factory=dict)
    country: dict[str, list[str]] = field(default_factory=dict)
    email: list[str] = field(default_factory=list)
    phone: list[str] = field(default_factory=list)
    user: list[str] = field(default_factory=list)
    url: list[str] = field(default_factory=list)
    sentences: dict[str, list[str]] = field(default_factory=dict)


def build_pools(seed: int, per_locale: int = 300, progress=None) -> Pools:
    from faker import Faker

    p = Pools()
    for i, loc in enumerate(LOCALES):
        f = Faker(loc)
        f.seed_instance(seed + i)
        n = per_locale
        # some locales' lists carry stray spaces ("Lucía "); a span never starts or ends with one
        p.first[loc] = list(dict.fromkeys(f.first_name().strip() for _ in range(n)))
        p.last[loc] = list(dict.fromkeys(f.last_name().strip() for _ in range(n)))
        p.city[loc] = list(dict.fromkeys(f.city().strip() for _ in range(n // 3)))
        p.street[loc] = list(dict.fromkeys(f.street_address().replace("\n", " ").strip() for _ in range(n // 2)))
        p.postcode[loc] = [f.postcode() for _ in range(50)]
        p.company[loc] = list(dict.fromkeys(f.company().strip() for _ in range(n // 3)))
        try:
            p.country[loc] = list(dict.fromkeys(f.country() for _ in range(60)))
        except Exception:
            p.country[loc] = []
        p.email += [f.email() for _ in range(40)]
        p.phone += [f.phone_number() for _ in range(40)]
        p.user += [f.user_name() for _ in range(40)]
        p.url += [f.url() for _ in range(10)]
        if loc in ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL"):
            p.sentences[loc] = [f.sentence(nb_words=f.random_int(4, 14)) for _ in range(400)]
        if progress:
            progress()
    return p


class Sample:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ents: list[tuple[str, int, int]] = []
        self.pos = 0

    def add(self, s: str, etype: str | None = None) -> None:
        if etype and s:
            self.ents.append((etype, self.pos, self.pos + len(s)))
        self.parts.append(s)
        self.pos += len(s)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    def __init__(self, pools: Pools, rng: random.Random) -> None:
        self.p = pools
        self.rng = rng
        self.real_cities = W.split(W.REAL_CITIES)
        self.ambig = W.split(W.AMBIGUOUS_NAMES)
        self.countries = W.split(W.REAL_COUNTRIES)
        self.regions = W.split(W.REGIONS)
        self.landmarks = W.split(W.LANDMARKS)
        self.orgs = W.split(W.REAL_ORGS)
        self.org_words = W.split(W.ORG_WORDS)
        self.tech = W.split(W.TECH_NEG)
        self.projects = W.split(W.PROJECT_NEG)
        self.caps = W.split(W.CAPS_NEG)
        self.jobs = W.split(W.JOB_TITLES)
        self.months = W.split(W.MONTHS)
        self.weekdays = W.split(W.WEEKDAYS)
        self.filler = [x for x in (HERE / "ner_data" / "filler_en.txt").read_text(encoding="utf-8").splitlines()
                       if x and not x.startswith("#")]
        self.locales = list(LOCALES)
        self.weights = [LOCALES[x][0] for x in self.locales]
        self.distractors = self.tech + self.caps + self.projects + self.months + self.weekdays
        self.protected = PROTECTED_WORDS | {t.rstrip(".").lower() for ts in W.TITLES.values() for t in ts}
        self.vocab: list[str] = []
        self.swap_rate = 0.0
        self.perturb_share = 0.0
        self.machine_share = 0.0

    def set_vocabulary(self, texts: list[str]) -> None:
        """Words the context swap draws from: those of the training templates and the filler prose, so a
        held-out template's wording never leaks into training."""
        counts: dict[str, int] = {}
        for text in texts + self.filler:
            for w in WORD_RE.findall(SLOT_RE.sub(" ", text)):
                counts[w.lower()] = counts.get(w.lower(), 0) + 1
        self.vocab = sorted(w for w, c in counts.items() if c >= 2 and w not in self.protected)

    def perturb(self, literal: str) -> str:
        """Swap some of a template's own words for random ones (and a few for capitalised non-entities).

        Without this a from-scratch model memorises the few hundred sentence shapes it is shown and keys on their
        exact wording; with it, the words around an entity vary in every sample, so what is learnt is what a name,
        place or organisation looks like and which kinds of words surround it. The case shape of a word is kept."""
        if not self.swap_rate or not self.vocab:
            return literal
        r = self.rng

        def swap(m: re.Match) -> str:
            w = m.group(0)
            if r.random() >= self.swap_rate or w.lower() in self.protected:
                return w
            if r.random() < 0.12:
                return r.choice(self.distractors)
            new = r.choice(self.vocab)
            if w.isupper() and len(w) > 1:
                return new.upper()
            return new[:1].upper() + new[1:] if w[0].isupper() else new

        return WORD_RE.sub(swap, literal)

    # ------------------------------------------------------------------ helpers
    def pick_locale(self, lang: str | None) -> str:
        r = self.rng
        if lang and r.random() < 0.8:
            cands = [x for x in self.locales if LOCALES[x][1] == lang]
            if cands:
                return r.choice(cands)
        return r.choices(self.locales, self.weights)[0]

    def first(self, loc: str) -> str:
        r = self.rng.random()
        if r < 0.08:
            return self.rng.choice(GLOBAL_FIRST)
        if r < 0.12:
            return self.rng.choice(self.ambig)
        if r < 0.16 and LOCALES[loc][1] in ("fr", "de", "en"):
            return self.rng.choice(self.p.first[loc]) + "-" + self.rng.choice(self.p.first[loc])
        return self.rng.choice(self.p.first[loc])

    def last(self, loc: str) -> str:
        r = self.rng.random()
        fam = LOCALES[loc][1]
        if r < 0.08:
            return self.rng.choice(GLOBAL_LAST)
        if r < 0.14 and fam in PARTICLES:
            base = self.rng.choice(self.p.last[loc])
            return base if " " in base or base[:1].islower() else self.rng.choice(PARTICLES[fam]) + " " + base
        if r < 0.20:
            a, b = self.rng.sample(self.p.last[loc], 2)
            return f"{a}-{b}"
        return self.rng.choice(self.p.last[loc]).replace(" ", " ")

    def full_name(self, first: str, last: str, loc: str) -> str:
        r = self.rng.random()
        if r < 0.08:
            return f"{first} {self.first(loc)} {last}"
        if r < 0.14:
            return f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        if r < 0.18:
            return f"{first[0]}. {last}"
        if r < 0.20:
            return f"{first} {last} Jr." if self.rng.random() < 0.5 else f"{first} {last} III"
        return f"{first} {last}"

    def case(self, s: str) -> str:
        r = self.rng.random()
        if r < 0.06:
            return s.lower()
        if r < 0.075:
            return s.upper()
        return s

    def fmt_date(self, y: int, m: int, d: int) -> str:
        r = self.rng
        mon = self.months[m - 1]
        fmts = [f"{y:04d}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y:04d}", f"{m:02d}/{d:02d}/{y:04d}",
                f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y:04d}", f"{mon} {d}, {y}", f"{d} {mon} {y}",
                f"{d} {mon[:3]} {y}", f"{mon[:3]} {d}, {y}", f"{m}/{d}/{y % 100:02d}", f"{d}-{mon[:3]}-{y}",
                f"{y}/{m:02d}/{d:02d}", f"{d}th of {mon} {y}" if d not in (1, 2, 3, 21, 22, 23, 31) else f"{d} {mon} {y}"]
        return r.choice(fmts)

    def address(self, loc: str) -> str:
        r = self.rng
        street = r.choice(self.p.street[loc])
        city = r.choice(self.p.city[loc]) if r.random() < 0.5 else r.choice(self.real_cities)
        pc = r.choice(self.p.postcode[loc])
        fam = LOCALES[loc][1]
        if r.random() < 0.15:
            street = r.choice(["Flat", "Apt", "Unit", "Suite", "Apartment"]) + f" {r.randint(1, 40)}{r.choice(['', '', 'B', 'C'])}, " + street
        if loc == "en_US" or (loc == "en_CA"):
            st = r.choice(["CA", "NY", "TX", "IL", "WA", "MA", "OH", "FL", "CO", "OR", "GA", "PA", "ON", "NC"])
            s = f"{street}, {city}, {st} {pc}" if r.random() < 0.7 else f"{street}, {city}, {st}"
        elif fam in ("de", "fr", "it", "nl", "pl", "sv", "es", "pt") or loc in ("fi_FI", "cs_CZ", "hu_HU", "ro_RO"):
            s = f"{street}, {pc} {city}" if r.random() < 0.8 else f"{street}, {city}"
        else:
            s = f"{street}, {city} {pc}" if r.random() < 0.6 else f"{street}, {city}"
        if r.random() < 0.15:
            s += ", " + r.choice(self.countries)
        if r.random() < 0.1:
            s = s.replace(", ", "\n", 1)
        return s

    def org(self, loc: str) -> str:
        r = self.rng.random()
        if r < 0.4:
            return self.rng.choice(self.orgs)
        if r < 0.7:
            return self.rng.choice(self.p.company[loc])
        pat = self.rng.choice(W.ORG_PATTERNS)
        return (pat.replace("{LAST}", self.rng.choice(self.p.last[loc]), 1)
                   .replace("{LAST}", self.rng.choice(self.p.last[loc]))
                   .replace("{CITY}", self.rng.choice(self.real_cities))
                   .replace("{WORD}", self.rng.choice(self.org_words)))

    def place(self, loc: str) -> str:
        r = self.rng.random()
        if r < 0.35:
            return self.city(loc)
        if r < 0.55:
            return self.rng.choice(self.countries)
        if r < 0.7:
            return self.rng.choice(self.regions)
        if r < 0.8:
            return self.rng.choice(self.landmarks)
        return f"{self.city(loc)}, {self.rng.choice(self.countries)}"

    def city(self, loc: str) -> str:
        r = self.rng.random()
        if r < 0.55:
            return self.rng.choice(self.real_cities)
        if r < 0.62:
            return self.rng.choice(self.ambig)
        return self.rng.choice(self.p.city[loc])

    def noise(self, loc: str) -> str:
        """Entity-free ordinary text (stdlib prose, Faker word salad in several languages, machine strings)."""
        r = self.rng
        out = []
        for _ in range(r.choice((1, 1, 2, 3))):
            if self.machine_share and r.random() < self.machine_share:
                out.append(self.machine_line())
            elif r.random() < 0.6:
                out.append(r.choice(self.filler))
            else:
                key = loc if loc in self.p.sentences else r.choice(sorted(self.p.sentences))
                out.append(r.choice(self.p.sentences[key]))
        return r.choice((" ", "\n", " ")).join(out)

    def machine_line(self) -> str:
        """A line of keys, hashes, encodings and identifiers, none of them an entity.

        Prompts carry API keys, base64 blobs, digests and UUIDs; a model that has not seen them tags their
        capitalised fragments as names and places ("RazEaL6O6Un…" as a LOCATION)."""
        r = self.rng
        alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

        def rand(n: int, alphabet: str = alnum) -> str:
            return "".join(r.choice(alphabet) for _ in range(n))

        b64 = alnum + "+/"
        value = r.choice((
            lambda: rand(r.randint(20, 64)),
            lambda: rand(r.randint(24, 120), b64) + r.choice(("", "=", "==")),
            lambda: rand(r.choice((32, 40, 64)), "0123456789abcdef"),
            lambda: "-".join(rand(n, "0123456789abcdef") for n in (8, 4, 4, 4, 12)),
            lambda: r.choice(("sk-", "ghp_", "xoxb-", "AKIA", "glpat-", "hf_", "SG.", "pk_live_", "eyJ"))
            + rand(r.randint(16, 48), alnum + "_-"),
            lambda: "https://" + rand(r.randint(4, 10)).lower() + r.choice((".example.com/", ".io/api/")) + rand(12),
        ))()
        key = r.choice(("API_KEY", "token", "secret", "Authorization: Bearer", "sha256", "id", "checksum", "etag",
                        "X-Request-Id", "session", "digest", "data", "key", "client_secret", "hash"))
        return r.choice((f"{key}={value}", f"{key}: {value}", f'"{key}": "{value}"', value, f"{key} {value}"))

    # ------------------------------------------------------------------ render
    def render(self, t: Template) -> dict:
        r = self.rng
        loc = self.pick_locale(t.lang)
        fam = LOCALES[loc][1]
        people: dict[str, tuple[str, str, str]] = {}
        memo: dict[str, str] = {}
        s = Sample()
        last_end = 0
        self.swap_rate = r.uniform(0.05, 0.3) if r.random() < self.perturb_share else 0.0
        for m in SLOT_RE.finditer(t.text):
            s.add(self.perturb(t.text[last_end:m.start()]))
            last_end = m.end()
            kind, idx = m.group(1), m.group(2)
            key = kind + idx
            if kind in ("PERSON", "FIRST", "LAST", "TPERSON", "FIRSTINIT", "INITLAST"):
                pk = idx or f"_{m.start()}"
                if pk not in people:
                    f, la = self.first(loc), self.last(loc)
                    full = self.full_name(f, la, loc)
                    cm = r.random()
                    if cm < 0.07:
                        f, la, full = f.lower(), la.lower(), full.lower()
                    elif cm < 0.085:
                        f, la, full = f.upper(), la.upper(), full.upper()
                    people[pk] = (f, la, full)
                f, la, full = people[pk]
                if kind == "PERSON":
                    s.add(full, "PERSON")
                elif kind == "FIRST":
                    s.add(f, "PERSON")
                elif kind == "LAST":
                    s.add(la, "PERSON")
                elif kind == "FIRSTINIT":
                    s.add(f"{f} {la[0]}." if r.random() < 0.8 else f"{f} {la[0]}", "PERSON")
                elif kind == "INITLAST":
                    s.add(f"{f[0]}. {la}" if r.random() < 0.8 else f"{f[0]} {la}", "PERSON")
                else:
                    titles = W.TITLES.get(fam, W.TITLES["en"])
                    s.add(r.choice(titles) + " ")
                    s.add(la if r.random() < 0.6 else full, "PERSON")
                continue
            if kind in ("ORGUP", "CITYUP"):
                val = self.fill(kind[:-2] if kind == "CITYUP" else "ORG", loc).upper()
                s.add(val, "LOCATION" if kind == "CITYUP" else "ORGANIZATION")
                continue
            if idx and key in memo:
                val = memo[key]
            else:
                val = self.fill(kind, loc)
                if idx:
                    memo[key] = val
            etype = {"CITY": "LOCATION", "COUNTRY": "LOCATION", "REGION": "LOCATION", "PLACE": "LOCATION",
                     "ADDRESS": "LOCATION", "STREET": "LOCATION", "LANDMARK": "LOCATION", "ORG": "ORGANIZATION",
                     "DOB": "DATE_OF_BIRTH"}.get(kind)
            if etype in ("LOCATION", "ORGANIZATION"):
                val = self.case(val)
            s.add(val, etype)
        s.add(self.perturb(t.text[last_end:]))
        text, ents = s.text, s.ents
        if r.random() < 0.3:
            pre = self.noise(loc) + r.choice(("\n\n", "\n", " "))
            text, ents = pre + text, [(e, a + len(pre), b + len(pre)) for e, a, b in ents]
        if r.random() < 0.3:
            text = text + r.choice(("\n\n", "\n", " ")) + self.noise(loc)
        x = r.random()
        if x < 0.04 and len(text.lower()) == len(text):  # chat-style all lower-case
            text = text.lower()
        elif x < 0.06 and text.endswith(".") and all(b < len(text) for _, _, b in ents):
            text = text[:-1]
        elif x < 0.08:
            text = "  " + text + " "
            ents = [(e, a + 2, b + 2) for e, a, b in ents]
        return {"text": text, "entities": [{"type": e, "start": a, "end": b} for e, a, b in ents],
                "genre": t.genre, "template": t.tid}

    def fill(self, kind: str, loc: str) -> str:
        r = self.rng
        if kind == "CITY":
            return self.city(loc)
        if kind == "COUNTRY":
            return r.choice(self.countries) if r.random() < 0.8 or not self.p.country[loc] else r.choice(self.p.country[loc])
        if kind == "REGION":
            return r.choice(self.regions)
        if kind == "PLACE":
            return self.place(loc)
        if kind == "ADDRESS":
            return self.address(loc)
        if kind == "STREET":
            return r.choice(self.p.street[loc])
        if kind == "LANDMARK":
            return r.choice(self.landmarks)
        if kind == "ORG":
            return self.org(loc)
        if kind == "DOB":
            return self.fmt_date(r.randint(1935, 2008), r.randint(1, 12), r.randint(1, 28))
        if kind == "DATE":
            y = r.randint(2015, 2027) if r.random() < 0.85 else r.randint(1950, 2014)
            return self.fmt_date(y, r.randint(1, 12), r.randint(1, 28))
        if kind == "YEAR":
            return str(r.randint(1990, 2027))
        if kind == "TIME":
            return r.choice([f"{r.randint(7, 18)}:{r.choice(['00', '15', '30', '45'])}",
                             f"{r.randint(1, 12)}{r.choice(['am', 'pm', ' AM', ' PM', ':30pm'])}"])
        if kind == "MONTH":
            return r.choice(self.months)
        if kind == "WEEKDAY":
            return r.choice(self.weekdays)
        if kind == "EMAIL":
            return r.choice(self.p.email)
        if kind == "PHONE":
            return r.choice(self.p.phone)
        if kind == "URL":
            return r.choice(self.p.url) + r.choice(["", "docs/", "api/v2/users", "login?next=/home"])
        if kind == "IP":
            return ".".join(str(r.randint(1, 254)) for _ in range(4))
        if kind == "NUM":
            return str(r.randint(2, 9999))
        if kind == "AMOUNT":
            return r.choice(["$", "€", "£", ""]) + f"{r.randint(5, 99999):,}" + r.choice(["", ".00", " EUR", " USD"])
        if kind == "PCT":
            return f"{r.randint(1, 99)}%"
        if kind == "ID":
            return r.choice(["INC", "TKT", "JIRA", "PO", "INV", "CASE", "REQ", "SR", "ORD"]) + r.choice(["-", "", "#"]) + str(r.randint(100, 999999))
        if kind == "USER":
            return r.choice(self.p.user)
        if kind == "VAR":
            return r.choice(["user_name", "customerId", "first_name", "lastName", "full_name", "billingAddress",
                             "org_id", "tenantName", "dob", "ship_to", "contact", "owner", "assignee", "created_by",
                             "patient_id", "acct", "client", "recipient", "sender", "manager_id", "cityCode"])
        if kind == "TECH":
            return r.choice(self.tech)
        if kind == "PROJECT":
            return r.choice(self.projects)
        if kind == "CAPS":
            return r.choice(self.caps)
        if kind == "PLACEWORD":
            return r.choice(W.PLACE_WORD_NEG)
        if kind == "JOB":
            return r.choice(self.jobs)
        raise KeyError(f"unknown slot {{{kind}}}")


def generate(templates: list[Template], pools: Pools, n: int, seed: int, advance=None,
             perturb_share: float = 0.0, machine_share: float = 0.0) -> list[dict]:
    """`n` samples from `templates`; a `perturb_share` of them get their context words swapped (training only:
    the held-out set measures unseen templates as written); `machine_share` of the filler lines are keys,
    hashes and encodings."""
    rng = random.Random(seed)
    g = Generator(pools, rng)
    g.perturb_share = perturb_share
    g.machine_share = machine_share
    g.set_vocabulary([t.text for t in templates])
    # balance genres: pick a genre uniformly-ish (weighted by sqrt of template count), then a template in it
    by_genre: dict[str, list[Template]] = {}
    for t in templates:
        by_genre.setdefault(t.genre, []).append(t)
    genres = sorted(by_genre)
    gw = [len(by_genre[x]) ** 0.5 for x in genres]
    out = []
    for i in range(n):
        if rng.random() < 0.08:  # entity-free ordinary text
            out.append({"text": g.noise(rng.choice(g.locales)), "entities": [], "genre": "filler", "template": "filler"})
            continue
        t = rng.choice(by_genre[rng.choices(genres, gw)[0]])
        out.append(g.render(t))
        if advance and i % 1000 == 999:
            advance(1000)
    return out


def check(sample: dict) -> None:
    text = sample["text"]
    for e in sample["entities"]:
        assert 0 <= e["start"] < e["end"] <= len(text), e
        assert e["type"] in ENTITY_TYPES, e
        assert text[e["start"]:e["end"]].strip() == text[e["start"]:e["end"]], (text, e)


def main(argv: list[str] | None = None) -> int:
    from rich.progress import Progress

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/warden-ner/train.jsonl", help="training corpus (train templates only)")
    ap.add_argument("--n", type=int, default=300_000)
    ap.add_argument("--heldout-out", default="eval/synthetic_heldout.jsonl")
    ap.add_argument("--n-heldout", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--templates", default=str(TEMPLATE_DIR))
    ap.add_argument("--extra-templates", action="append", default=[], metavar="DIR",
                    help="another template directory (repeatable), e.g. scripts/ner_data/templates_extra")
    ap.add_argument("--more-locales", action="store_true",
                    help=f"add {len(MORE_LOCALES)} more Faker locales (Vietnamese, Indonesian, Baltic, Balkan, African, "
                         "Greek and Cyrillic names, ...)")
    ap.add_argument("--machine-noise", type=float, default=0.0, metavar="P",
                    help="share of filler lines made of keys, hashes and encodings (default 0)")
    ap.add_argument("--perturb", type=float, default=0.4,
                    help="share of training samples whose context words are partly swapped (default 0.4)")
    args = ap.parse_args(argv)

    if args.more_locales:
        LOCALES.update(MORE_LOCALES)
    templates = load_templates(Path(args.templates))
    for extra in args.extra_templates:
        templates += load_templates(Path(extra))
    train_t = [t for t in templates if not t.heldout]
    held_t = [t for t in templates if t.heldout]
    print(f"{len(templates)} templates in {len({t.genre for t in templates})} genres: "
          f"{len(train_t)} train, {len(held_t)} held out")
    with Progress() as prog:
        task = prog.add_task("faker pools", total=len(LOCALES))
        pools = build_pools(args.seed, progress=lambda: prog.advance(task))
        task = prog.add_task("train samples", total=args.n)
        train = generate(train_t, pools, args.n, args.seed, lambda k: prog.advance(task, k), args.perturb,
                         args.machine_noise)
        task = prog.add_task("held-out samples", total=args.n_heldout)
        held = generate(held_t, pools, args.n_heldout, args.seed + 1, lambda k: prog.advance(task, k))
    for s in train + held:
        check(s)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for s in train:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    if args.heldout_out:
        Path(args.heldout_out).parent.mkdir(parents=True, exist_ok=True)
        with open(args.heldout_out, "w", encoding="utf-8") as f:
            for i, s in enumerate(held):
                rec = {"id": f"synth-{i:05d}", "text": s["text"], "entities": s["entities"],
                       "category": "synthetic", "genre": s["genre"], "template": s["template"]}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(train)} -> {args.out}, {len(held)} -> {args.heldout_out}")
    return 0


def pin_hash_seed() -> None:
    """Re-run this script with PYTHONHASHSEED=0: Faker builds some locale lists (it_IT cities) from sets, whose order
    follows Python's per-process string hash seed, so without it one seed gives a different corpus every run."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])


if __name__ == "__main__":
    pin_hash_seed()
    raise SystemExit(main())

#!/usr/bin/env python3
"""Evaluate the classification engine on the evaluation set in eval/*.jsonl.

Reports, per category (realistic, synthetic, ordinary, evasion) and per entity type, precision,
recall and F1 under two span-match rules, the share of ordinary prompts with any finding, how much
recall the evasion variants lose against their originals, and the engine's throughput on the
realistic set. The matching rules and the goals are described in eval/README.md:

* overlap (the headline numbers): a predicted span is correct when it overlaps (shares at least
  one code point with) a gold span of the same type; a gold span is found when a predicted span of
  the same type overlaps it. Precision counts predictions, recall counts gold spans, so a name
  found in two pieces is one found gold span and two correct predictions.
* exact: same type, same start, same end.

Exit status: 0 after any evaluation, 2 for malformed data (the message names file:line), 3 when the
engine cannot be imported or built, and with ``--check`` 1 when a goal of issue 3 is not met.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "eval"

from llm_warden.types import ENTITY_TYPES  # noqa: E402  (one list for the whole project)
NER_TYPES = ("PERSON", "LOCATION", "ORGANIZATION")
#: Everything the rules detect (validated patterns and secrets): the "structured types" of issue 3.
STRUCTURED_TYPES = tuple(t for t in ENTITY_TYPES if t not in NER_TYPES)
CATEGORIES = ("realistic", "synthetic", "ordinary", "evasion")

# Goals from issue 3 ("How it is shown").
GOAL_STRUCTURED_P = 0.99
GOAL_STRUCTURED_R = 0.99
GOAL_NER_F1 = 0.90
GOAL_ORDINARY_FLAGGED = 0.02
GOAL_EVASION_LOSS = 5.0  # recall points


class EvalDataError(ValueError):
    """Malformed evaluation data; the message starts with file:line."""


# --------------------------------------------------------------------------- data


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    type: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclasses.dataclass(frozen=True, slots=True)
class GoldSpan(Span):
    of_entity: int | None = None  # evasion records: index of the entity in the original


@dataclasses.dataclass(slots=True)
class Record:
    id: str
    text: str
    entities: list[GoldSpan]
    category: str
    genre: str
    lang: str
    of: str | None
    where: str


def _fail(where: str, msg: str) -> EvalDataError:
    return EvalDataError(f"{where}: {msg}")


def parse_record(obj: Any, where: str) -> Record:
    """Check one decoded JSON line against the format; raise EvalDataError naming ``where``."""
    if not isinstance(obj, dict):
        raise _fail(where, "a record must be a JSON object")
    for key, typ in (("id", str), ("text", str), ("entities", list), ("category", str)):
        if key not in obj:
            raise _fail(where, f"missing field {key!r}")
        if not isinstance(obj[key], typ):
            raise _fail(where, f"field {key!r} must be {typ.__name__}")
    for key in ("genre", "lang"):
        if key in obj and not isinstance(obj[key], str):
            raise _fail(where, f"field {key!r} must be str")
    if obj["category"] not in CATEGORIES:
        raise _fail(where, f"unknown category {obj['category']!r} (known: {', '.join(CATEGORIES)})")
    text = obj["text"]
    spans: list[GoldSpan] = []
    for i, e in enumerate(obj["entities"]):
        if not isinstance(e, dict):
            raise _fail(where, f"entity #{i} must be an object")
        t, s, en = e.get("type"), e.get("start"), e.get("end")
        if t not in ENTITY_TYPES:
            raise _fail(where, f"entity #{i}: unknown type {t!r}")
        if not (isinstance(s, int) and isinstance(en, int)) or isinstance(s, bool) or isinstance(en, bool):
            raise _fail(where, f"entity #{i}: start/end must be integers")
        if not 0 <= s < en <= len(text):
            raise _fail(where, f"entity #{i}: offsets {s}:{en} outside the text (length {len(text)})")
        value = text[s:en]
        if value != value.strip():
            raise _fail(where, f"entity #{i} ({t}) {value!r} has leading or trailing whitespace")
        of_entity = e.get("of_entity")
        if of_entity is not None and (not isinstance(of_entity, int) or isinstance(of_entity, bool)):
            raise _fail(where, f"entity #{i}: of_entity must be an integer")
        if e.get("evaded") and of_entity is None:
            raise _fail(where, f"entity #{i}: evaded without of_entity")
        spans.append(GoldSpan(t, s, en, of_entity if e.get("evaded", of_entity is not None) else None))
    ordered = sorted(spans, key=lambda x: (x.start, x.end))
    for a, b in zip(ordered, ordered[1:]):
        if a.overlaps(b):
            raise _fail(where, f"overlapping entities {a.type} {a.start}:{a.end} and {b.type} {b.start}:{b.end}")
    if obj["category"] == "ordinary" and spans:
        raise _fail(where, "an ordinary record must have no entities")
    of = obj.get("of")
    if obj["category"] == "evasion":
        if not isinstance(of, str):
            raise _fail(where, "an evasion record needs 'of' (the id of its original)")
        if not any(sp.of_entity is not None for sp in spans):
            raise _fail(where, "an evasion record must mark at least one evaded entity (of_entity)")
    return Record(
        id=obj["id"],
        text=text,
        entities=ordered,
        category=obj["category"],
        genre=obj.get("genre", "?"),
        lang=obj.get("lang", "?"),
        of=of if isinstance(of, str) else None,
        where=where,
    )


def load_eval(paths: Iterable[Path]) -> list[Record]:
    """Load and validate JSONL files; cross-checks ids and evasion pairings."""
    records: list[Record] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            rel = path.relative_to(ROOT)
        except ValueError:
            rel = path
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                where = f"{rel}:{n}"
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise _fail(where, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
                rec = parse_record(obj, where)
                if rec.id in seen:
                    raise _fail(where, f"duplicate id {rec.id!r} (first at {seen[rec.id]})")
                seen[rec.id] = where
                records.append(rec)
    by_id = {r.id: r for r in records}
    for r in records:
        if r.category != "evasion":
            continue
        orig = by_id.get(r.of or "")
        if orig is None:
            raise _fail(r.where, f"'of' points to unknown id {r.of!r}")
        for sp in r.entities:
            if sp.of_entity is None:
                continue
            if not 0 <= sp.of_entity < len(orig.entities):
                raise _fail(r.where, f"of_entity {sp.of_entity} out of range for {orig.id}")
            if orig.entities[sp.of_entity].type != sp.type:
                raise _fail(r.where, f"of_entity {sp.of_entity} of {orig.id} is not a {sp.type}")
    return records


def default_paths() -> list[Path]:
    return sorted(EVAL_DIR.glob("*.jsonl"))


# --------------------------------------------------------------------------- scoring


@dataclasses.dataclass(slots=True)
class Counts:
    """Counts for one type (or a pool of types). Overlap rule and exact rule side by side."""

    pred_ok: int = 0  # predictions that overlap a same-type gold span
    pred_bad: int = 0  # predictions that overlap none (false positives)
    gold_found: int = 0  # gold spans overlapped by a same-type prediction
    gold_missed: int = 0  # gold spans nobody overlapped (false negatives)
    exact: int = 0  # predictions equal to a gold span (type, start, end)

    def add(self, other: Counts) -> None:
        self.pred_ok += other.pred_ok
        self.pred_bad += other.pred_bad
        self.gold_found += other.gold_found
        self.gold_missed += other.gold_missed
        self.exact += other.exact

    @property
    def support(self) -> int:
        return self.gold_found + self.gold_missed

    @property
    def predicted(self) -> int:
        return self.pred_ok + self.pred_bad

    @property
    def precision(self) -> float | None:
        return self.pred_ok / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.gold_found / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)

    @property
    def exact_precision(self) -> float | None:
        return self.exact / self.predicted if self.predicted else None

    @property
    def exact_recall(self) -> float | None:
        return self.exact / self.support if self.support else None

    @property
    def exact_f1(self) -> float | None:
        return f1(self.exact_precision, self.exact_recall)

    def to_json(self) -> dict[str, Any]:
        return {
            "support": self.support,
            "predicted": self.predicted,
            "precision": _r(self.precision),
            "recall": _r(self.recall),
            "f1": _r(self.f1),
            "false_positives": self.pred_bad,
            "false_negatives": self.gold_missed,
            "exact_precision": _r(self.exact_precision),
            "exact_recall": _r(self.exact_recall),
            "exact_f1": _r(self.exact_f1),
        }


def f1(p: float | None, r: float | None) -> float | None:
    """Harmonic mean; None when either side is undefined (no predictions or no gold)."""
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> tuple[list[bool], list[bool]]:
    """Overlap rule: (is each gold span found?, is each prediction correct?)."""
    found = [any(p.type == g.type and p.overlaps(g) for p in pred) for g in gold]
    correct = [any(p.type == g.type and p.overlaps(g) for g in gold) for p in pred]
    return found, correct


def score_record(gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, Counts]:
    """Per-type counts for one text."""
    found, correct = match_spans(gold, pred)
    gold_keys = {(g.type, g.start, g.end) for g in gold}
    out: dict[str, Counts] = defaultdict(Counts)
    for g, ok in zip(gold, found):
        c = out[g.type]
        if ok:
            c.gold_found += 1
        else:
            c.gold_missed += 1
    for p, ok in zip(pred, correct):
        c = out[p.type]
        if ok:
            c.pred_ok += 1
        else:
            c.pred_bad += 1
        if (p.type, p.start, p.end) in gold_keys:
            c.exact += 1
    return dict(out)


def pool(per_type: dict[str, Counts], types: Iterable[str]) -> Counts:
    total = Counts()
    for t in types:
        if t in per_type:
            total.add(per_type[t])
    return total


@dataclasses.dataclass(slots=True)
class EvasionPair:
    record: str
    technique: str
    type: str
    original_found: bool
    evaded_found: bool


def evasion_summary(pairs: Sequence[EvasionPair]) -> dict[str, Any]:
    """Recall on the original entities vs on their evaded forms; loss in points (x100)."""

    def block(ps: Sequence[EvasionPair]) -> dict[str, Any]:
        n = len(ps)
        r_orig = sum(p.original_found for p in ps) / n if n else None
        r_ev = sum(p.evaded_found for p in ps) / n if n else None
        loss = None if r_orig is None or r_ev is None else round(100 * (r_orig - r_ev), 2)
        return {"pairs": n, "recall_original": _r(r_orig), "recall_evaded": _r(r_ev), "loss_points": loss}

    out = block(pairs)
    by_tech: dict[str, list[EvasionPair]] = defaultdict(list)
    by_type: dict[str, list[EvasionPair]] = defaultdict(list)
    for p in pairs:
        by_tech[p.technique].append(p)
        by_type[p.type].append(p)
    out["by_technique"] = {k: block(v) for k, v in sorted(by_tech.items())}
    out["by_type"] = {k: block(v) for k, v in sorted(by_type.items())}
    return out


# --------------------------------------------------------------------------- running


Predictor = Callable[[Sequence[str]], list[list[Span]]]


@dataclasses.dataclass(slots=True)
class Speed:
    texts: int = 0
    tokens: int = 0  # whitespace tokens: len(text.split())
    chars: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "whitespace_tokens": self.tokens,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
            "tokens_per_s": round(self.tokens / self.seconds, 1) if self.seconds else None,
            "chars_per_s": round(self.chars / self.seconds, 1) if self.seconds else None,
        }


def run_predictions(
    records: Sequence[Record],
    predict: Predictor,
    batch_size: int = 16,
    progress: Any = None,
    speed: Speed | None = None,
) -> dict[str, list[Span]]:
    """Predict every record's text in batches; time the calls into ``speed`` if given."""
    out: dict[str, list[Span]] = {}
    for i in range(0, len(records), batch_size):
        batch = records[i : i + batch_size]
        texts = [r.text for r in batch]
        t0 = time.perf_counter()
        preds = predict(texts)
        dt = time.perf_counter() - t0
        if len(preds) != len(texts):
            raise RuntimeError(f"predictor returned {len(preds)} results for {len(texts)} texts")
        if speed is not None:
            speed.seconds += dt
            speed.texts += len(texts)
            speed.tokens += sum(len(t.split()) for t in texts)
            speed.chars += sum(len(t) for t in texts)
        for r, p in zip(batch, preds):
            out[r.id] = p
        if progress is not None:
            progress(len(batch))
    return out


@dataclasses.dataclass(slots=True)
class Report:
    per_category: dict[str, dict[str, Counts]]
    records_per_category: dict[str, int]
    ordinary: dict[str, Any] | None
    evasion: dict[str, Any] | None
    by_lang: dict[str, Counts]
    speed: Speed | None
    pooled: dict[str, Counts]  # realistic + synthetic + ordinary, for the structured-type goal
    errors: list[dict[str, Any]]
    unscored: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)


def evaluate(records: Sequence[Record], preds: dict[str, list[Span]], categories: Sequence[str],
             speed: Speed | None = None, only: set[str] | None = None) -> Report:
    """Score predictions (keyed by record id) for the chosen categories.

    ``records`` must include the originals of the evasion records; ``only`` (ids) restricts which
    records are scored, e.g. when evasion variants are scored without their originals' category.
    """
    by_id = {r.id: r for r in records}
    per_category: dict[str, dict[str, Counts]] = {}
    n_per_category: dict[str, int] = {}
    pooled: dict[str, Counts] = defaultdict(Counts)
    by_lang: dict[str, Counts] = defaultdict(Counts)
    errors: list[dict[str, Any]] = []
    found_cache: dict[str, list[bool]] = {}

    def found_of(rec: Record) -> list[bool]:
        if rec.id not in found_cache:
            found_cache[rec.id] = match_spans(rec.entities, preds[rec.id])[0]
        return found_cache[rec.id]

    ordinary = None
    pairs: list[EvasionPair] = []
    unscored: dict[str, dict[str, int]] = {}
    for cat in categories:
        recs = [r for r in records if r.category == cat and (only is None or r.id in only)]
        n_per_category[cat] = len(recs)
        if not recs:
            continue
        scored = scored_types(cat, recs)
        totals: dict[str, Counts] = defaultdict(Counts)
        flagged = 0
        flagged_types: Counter[str] = Counter()
        skipped: Counter[str] = Counter()
        for r in recs:
            pred = [p for p in preds[r.id] if p.type in scored]
            skipped.update(p.type for p in preds[r.id] if p.type not in scored)
            counts = score_record(r.entities, pred)
            for t, c in counts.items():
                totals[t].add(c)
                if cat in ("realistic", "synthetic", "ordinary"):
                    pooled[t].add(c)
                if cat == "realistic":
                    by_lang[r.lang].add(c)
            found, correct = match_spans(r.entities, pred)
            fns = [g for g, ok in zip(r.entities, found) if not ok]
            fps = [p for p, ok in zip(pred, correct) if not ok]
            if fns or fps:
                errors.append({"record": r, "false_negatives": fns, "false_positives": fps, "pred": pred})
            if cat == "ordinary" and pred:
                flagged += 1
                flagged_types.update(p.type for p in pred)
            if cat == "evasion":
                orig = by_id[r.of or ""]
                orig_found = found_of(orig)
                ev_found = found
                for sp, ok in zip(r.entities, ev_found):
                    if sp.of_entity is not None:
                        pairs.append(EvasionPair(r.id, r.genre, sp.type, orig_found[sp.of_entity], ok))
        per_category[cat] = dict(totals)
        if skipped:
            unscored[cat] = dict(sorted(skipped.items()))
        if cat == "ordinary":
            ordinary = {
                "records": len(recs),
                "flagged": flagged,
                "share": _r(flagged / len(recs)),
                "findings_by_type": dict(sorted(flagged_types.items())),
            }
    evasion = evasion_summary(pairs) if "evasion" in categories and pairs else None
    return Report(per_category, n_per_category, ordinary, evasion, dict(by_lang), speed, dict(pooled), errors,
                  unscored)


def scored_types(category: str, recs: Sequence[Record]) -> frozenset[str]:
    """Which predicted types are scored on a category.

    The hand-written sets (realistic, ordinary, evasion) label every type, so every prediction
    counts. The synthetic held-out set comes from the NER training generator and labels only the
    types it was built for (PERSON, LOCATION, ORGANIZATION, DATE_OF_BIRTH): its texts contain
    e-mails and phone numbers nobody labelled, so predictions of types that never occur in its gold
    are left out there (and reported as unscored) instead of being counted as false positives.
    """
    if category == "synthetic":
        return frozenset(e.type for r in recs for e in r.entities)
    return frozenset(ENTITY_TYPES)


def goals(report: Report) -> list[dict[str, Any]]:
    """The goals of issue 3, each with its measured value and whether it is met (None: not measured)."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float | None, target: str, ok: bool | None, scope: str) -> None:
        out.append({"goal": name, "scope": scope, "value": _r(value), "target": target, "ok": ok})

    scope = "+".join(c for c in ("realistic", "synthetic", "ordinary") if c in report.per_category)
    if scope:
        for t in STRUCTURED_TYPES:
            c = report.pooled.get(t)
            if c is None or (c.support == 0 and c.predicted == 0):
                continue
            # No predictions at all: precision is undefined, and there is no false positive.
            p = c.precision if c.precision is not None else 1.0
            add(f"{t} precision", p, f">= {GOAL_STRUCTURED_P}", p >= GOAL_STRUCTURED_P, scope)
            if c.recall is not None:
                add(f"{t} recall", c.recall, f">= {GOAL_STRUCTURED_R}", c.recall >= GOAL_STRUCTURED_R, scope)
    real = report.per_category.get("realistic")
    if real is not None:
        for t in ("PERSON", "LOCATION"):
            c = real.get(t, Counts())
            v = c.f1 if c.f1 is not None else (0.0 if c.support else None)
            add(f"{t} F1", v, f">= {GOAL_NER_F1}", None if v is None else v >= GOAL_NER_F1, "realistic")
    if report.ordinary is not None:
        v = report.ordinary["share"]
        add("ordinary prompts flagged", v, f"<= {GOAL_ORDINARY_FLAGGED:.0%}", v <= GOAL_ORDINARY_FLAGGED, "ordinary")
    if report.evasion is not None and report.evasion["loss_points"] is not None:
        v = report.evasion["loss_points"]
        out.append({"goal": "evasion recall loss (points)", "scope": "evasion vs originals", "value": v,
                    "target": f"<= {GOAL_EVASION_LOSS:g}", "ok": v <= GOAL_EVASION_LOSS})
    return out


# --------------------------------------------------------------------------- output


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def category_rows(per_type: dict[str, Counts]) -> list[list[str]]:
    rows = []
    for t in ENTITY_TYPES:
        c = per_type.get(t)
        if c is None or (c.support == 0 and c.predicted == 0):
            continue
        rows.append([t, str(c.support), str(c.predicted), _fmt(c.precision), _fmt(c.recall), _fmt(c.f1),
                     _fmt(c.exact_precision), _fmt(c.exact_recall), _fmt(c.exact_f1)])
    for label, types in (("structured (micro)", STRUCTURED_TYPES), ("PER+LOC+ORG (micro)", NER_TYPES),
                         ("all (micro)", ENTITY_TYPES)):
        c = pool(per_type, types)
        if c.support or c.predicted:
            rows.append([label, str(c.support), str(c.predicted), _fmt(c.precision), _fmt(c.recall), _fmt(c.f1),
                         _fmt(c.exact_precision), _fmt(c.exact_recall), _fmt(c.exact_f1)])
    return rows


TYPE_HEADER = ["type", "gold", "pred", "P", "R", "F1", "exact P", "exact R", "exact F1"]


def report_json(report: Report, meta: dict[str, Any]) -> dict[str, Any]:
    cats = {}
    for cat, per_type in report.per_category.items():
        cats[cat] = {
            "records": report.records_per_category.get(cat, 0),
            "per_type": {t: c.to_json() for t, c in sorted(per_type.items())},
            "structured": pool(per_type, STRUCTURED_TYPES).to_json(),
            "ner": pool(per_type, NER_TYPES).to_json(),
            "all": pool(per_type, ENTITY_TYPES).to_json(),
        }
    return {
        **meta,
        "categories": cats,
        "realistic_by_lang": {k: v.to_json() for k, v in sorted(report.by_lang.items())},
        "ordinary": report.ordinary,
        "evasion": report.evasion,
        "unscored_predictions": report.unscored,
        "speed": report.speed.to_json() if report.speed else None,
        "goals": goals(report),
    }


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def report_markdown(report: Report, meta: dict[str, Any]) -> str:
    parts = [f"Engine: {meta['engine']}. Match rule: overlap with same type (exact match beside it)."]
    for cat, per_type in report.per_category.items():
        parts.append(f"\n**{cat}** ({report.records_per_category.get(cat, 0)} prompts)\n")
        rows = category_rows(per_type)
        parts.append(_md_table(TYPE_HEADER, rows) if rows else "_no entities, no findings_")
        if cat in report.unscored:
            parts.append(f"\n_Not scored on {cat} (types it does not label): "
                         + ", ".join(f"{k} {v}" for k, v in report.unscored[cat].items()) + "_")
    if report.ordinary:
        o = report.ordinary
        parts.append(f"\nOrdinary prompts flagged: {o['flagged']}/{o['records']} = {o['share']:.1%}"
                     + (f" (findings: {', '.join(f'{k} {v}' for k, v in o['findings_by_type'].items())})"
                        if o["findings_by_type"] else ""))
    if report.evasion:
        e = report.evasion
        parts.append(f"\nEvasion: recall on the {e['pairs']} evaded entities {_fmt(e['recall_evaded'])} vs "
                     f"{_fmt(e['recall_original'])} on the same entities in the originals: "
                     f"evasion loses {e['loss_points']:.1f} points.\n")
        rows = [[k, str(v["pairs"]), _fmt(v["recall_original"]), _fmt(v["recall_evaded"]),
                 f"{v['loss_points']:.1f}"] for k, v in e["by_technique"].items()]
        parts.append(_md_table(["technique", "pairs", "R original", "R evaded", "loss (pts)"], rows))
    if report.speed and report.speed.seconds:
        s = report.speed.to_json()
        parts.append(f"\nThroughput on the realistic set: {s['tokens_per_s']:,.0f} whitespace tokens/s "
                     f"({s['chars_per_s']:,.0f} chars/s; {s['texts']} texts, {s['whitespace_tokens']} tokens "
                     f"in {s['seconds']:.2f} s).")
    g = goals(report)
    if g:
        parts.append("\n" + _md_table(["goal", "scope", "value", "target", "met"],
                                      [[x["goal"], x["scope"], "—" if x["value"] is None else str(x["value"]),
                                        x["target"], {True: "yes", False: "**no**", None: "—"}[x["ok"]]]
                                       for x in g]))
    return "\n".join(parts) + "\n"


def print_rich(report: Report, meta: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    console.print(f"[bold]Engine[/]: {meta['engine']}   [bold]match rule[/]: overlap, same type (exact beside it)")
    for cat, per_type in report.per_category.items():
        table = Table(title=f"{cat} ({report.records_per_category.get(cat, 0)} prompts)", title_justify="left")
        for h in TYPE_HEADER:
            table.add_column(h, justify="left" if h == "type" else "right")
        for row in category_rows(per_type):
            table.add_row(*row)
        console.print(table)
        if cat in report.unscored:
            console.print(f"not scored on {cat} (types it does not label): {report.unscored[cat]}")
    if report.by_lang:
        table = Table(title="realistic by language (all types, micro)", title_justify="left")
        for h in ("lang", "gold", "pred", "P", "R", "F1"):
            table.add_column(h, justify="left" if h == "lang" else "right")
        for lang, c in sorted(report.by_lang.items()):
            table.add_row(lang, str(c.support), str(c.predicted), _fmt(c.precision), _fmt(c.recall), _fmt(c.f1))
        console.print(table)
    if report.ordinary:
        o = report.ordinary
        console.print(f"Ordinary prompts flagged: {o['flagged']}/{o['records']} = {o['share']:.1%} {o['findings_by_type']}")
    if report.evasion:
        e = report.evasion
        console.print(f"Evasion: recall {_fmt(e['recall_evaded'])} on {e['pairs']} evaded entities vs "
                      f"{_fmt(e['recall_original'])} on the originals: evasion loses {e['loss_points']:.1f} points")
        table = Table(title="evasion by technique", title_justify="left")
        for h in ("technique", "pairs", "R original", "R evaded", "loss (pts)"):
            table.add_column(h, justify="left" if h == "technique" else "right")
        for k, v in e["by_technique"].items():
            table.add_row(k, str(v["pairs"]), _fmt(v["recall_original"]), _fmt(v["recall_evaded"]),
                          f"{v['loss_points']:.1f}")
        console.print(table)
    if report.speed and report.speed.seconds:
        s = report.speed.to_json()
        console.print(f"Throughput (realistic set, fresh engine): {s['tokens_per_s']:,.0f} whitespace tokens/s, "
                      f"{s['chars_per_s']:,.0f} chars/s ({s['whitespace_tokens']} tokens in {s['seconds']:.2f} s)")
    g = goals(report)
    if g:
        table = Table(title="goals (issue 3)", title_justify="left")
        for h in ("goal", "scope", "value", "target", "met"):
            table.add_column(h)
        for x in g:
            table.add_row(x["goal"], x["scope"], "—" if x["value"] is None else str(x["value"]), x["target"],
                          {True: "[green]yes[/]", False: "[red]no[/]", None: "—"}[x["ok"]])
        console.print(table)


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return repr(left)[1:-1] + "⟦" + repr(text[start:end])[1:-1] + "⟧" + repr(right)[1:-1]


def print_errors(report: Report, out: Any) -> None:
    for err in report.errors:
        r: Record = err["record"]
        print(f"--- {r.id} ({r.category}/{r.genre}/{r.lang})", file=out)
        for g in err["false_negatives"]:
            other = [p.type for p in err["pred"] if p.overlaps(g) and p.type != g.type]
            hint = f"  [found as {', '.join(other)}]" if other else ""
            print(f"  FN {g.type:14} {_context(r.text, g.start, g.end)}{hint}", file=out)
        for p in err["false_positives"]:
            extra = ""
            if hasattr(p, "detector"):
                kind = f" {p.kind}" if getattr(p, "kind", None) else ""
                extra = f"  [{p.detector}{kind} {p.score:.2f}]"
            print(f"  FP {p.type:14} {_context(r.text, p.start, p.end)}{extra}", file=out)


# --------------------------------------------------------------------------- engine


@dataclasses.dataclass(frozen=True, slots=True)
class Pred(Span):
    score: float = 1.0
    detector: str = ""
    kind: str | None = None


def make_engine_predictor(model: str | None, use_ner: bool) -> tuple[Predictor, str]:
    """Build the engine; return (predict, description)."""
    from llm_warden.classify.engine import Engine

    engine = Engine(model_dir=model, use_ner=use_ner)

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [[Pred(f.type, f.start, f.end, f.score, f.detector, getattr(f, "kind", None)) for f in found]
                for found in engine.classify_many(list(texts))]

    ner_dir = getattr(engine, "model_dir", None)
    ner_on = getattr(engine, "ner_enabled", use_ner)
    desc = f"llm_warden Engine, NER {'on: ' + str(ner_dir) if ner_on else 'off (rules only)'}"
    return predict, desc


# --------------------------------------------------------------------------- main


def stats(records: Sequence[Record]) -> str:
    lines = []
    by_cat = Counter(r.category for r in records)
    lines.append("records: " + ", ".join(f"{c} {by_cat[c]}" for c in CATEGORIES if by_cat[c]))
    for cat in CATEGORIES:
        recs = [r for r in records if r.category == cat]
        if not recs:
            continue
        ents = Counter(e.type for r in recs for e in r.entities)
        lines.append(f"\n[{cat}] {len(recs)} records, {sum(ents.values())} entities, "
                     f"{sum(len(r.text.split()) for r in recs)} whitespace tokens")
        if ents:
            lines.append("  types:  " + ", ".join(f"{t} {ents[t]}" for t in ENTITY_TYPES if ents[t]))
        lines.append("  genres: " + ", ".join(f"{g} {n}" for g, n in Counter(r.genre for r in recs).most_common()))
        lines.append("  langs:  " + ", ".join(f"{g} {n}" for g, n in Counter(r.lang for r in recs).most_common()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", metavar="DIR", help="NER model directory (default: the engine's default)")
    ap.add_argument("--no-ner", action="store_true", help="rules only, no NER model")
    ap.add_argument("--category", action="append", choices=CATEGORIES,
                    help="evaluate only this category (repeatable; default: all present)")
    ap.add_argument("--id-prefix", action="append", metavar="PREFIX",
                    help="evaluate only records whose id starts with PREFIX (repeatable), e.g. the hold-out "
                         "batch: --id-prefix real-ho- --id-prefix ord-ho- --id-prefix ev-ho-")
    ap.add_argument("--exclude-prefix", action="append", metavar="PREFIX",
                    help="leave out records whose id starts with PREFIX (repeatable)")
    ap.add_argument("--data", action="append", type=Path, metavar="FILE",
                    help="JSONL file(s) to load instead of eval/*.jsonl (repeatable)")
    out = ap.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="machine-readable report on stdout")
    out.add_argument("--markdown", action="store_true", help="Markdown tables for the README on stdout")
    ap.add_argument("--errors", action="store_true", help="print false negatives and false positives")
    ap.add_argument("--check", action="store_true", help="exit 1 when a goal of issue 3 is not met")
    ap.add_argument("--stats", action="store_true", help="validate the data, print counts, and exit")
    ap.add_argument("--batch-size", type=int, default=16, help="texts per classify_many call (default 16)")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)

    paths = args.data or default_paths()
    try:
        records = load_eval(paths)
    except EvalDataError as exc:
        print(f"error: malformed evaluation data: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.stats:
        print(stats(records))
        return 0

    def wanted(rid: str) -> bool:
        if args.id_prefix and not rid.startswith(tuple(args.id_prefix)):
            return False
        return not (args.exclude_prefix and rid.startswith(tuple(args.exclude_prefix)))

    scored = [r for r in records if wanted(r.id)]
    keep = {r.id for r in scored} | {r.of for r in scored if r.of}  # originals of kept evasion records
    present = [c for c in CATEGORIES if any(r.category == c for r in scored)]
    categories = [c for c in CATEGORIES if c in (args.category or present)]
    chosen = [r for r in scored if r.category in categories]
    # Evasion is scored against its originals, so they are classified too.
    by_id = {r.id: r for r in records}
    needed_ids = {r.id for r in chosen} | {r.of for r in chosen if r.category == "evasion" and r.of}
    to_run = [by_id[i] for i in by_id if i in needed_ids]
    if not to_run:
        print("nothing to evaluate", file=sys.stderr)
        return 0

    sys.path.insert(0, str(ROOT / "addon"))
    try:
        predict, desc = make_engine_predictor(args.model, not args.no_ner)
    except Exception as exc:  # noqa: BLE001 - any failure to build the engine is reported the same way
        print(f"error: cannot build the engine: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err_console = Console(stderr=True)
    show_progress = not args.no_progress and err_console.is_terminal
    # Throughput is measured on the realistic prompts being scored (not on originals that are only
    # classified because their evasion variants are).
    realistic = [r for r in to_run if r.category == "realistic" and "realistic" in categories]
    rest = [r for r in to_run if r not in realistic]
    speed = Speed() if realistic else None
    preds: dict[str, list[Span]] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=not show_progress) as progress:
        if realistic:
            # Timed first, so nothing is cached yet; a warm-up call loads the model beforehand.
            predict(["warm-up text for model loading"])
            task = progress.add_task("realistic (timed)", total=len(realistic))
            preds.update(run_predictions(realistic, predict, args.batch_size,
                                         lambda n: progress.advance(task, n), speed))
        if rest:
            task = progress.add_task("other categories", total=len(rest))
            preds.update(run_predictions(rest, predict, args.batch_size, lambda n: progress.advance(task, n)))

    report = evaluate([r for r in records if r.id in keep], preds, categories, speed,
                      only={r.id for r in chosen})
    meta = {"engine": desc, "match_rule": "overlap, same type; exact beside it",
            "token_unit": "whitespace tokens (str.split)", "files": [str(p) for p in paths]}
    if args.json:
        print(json.dumps(report_json(report, meta), indent=2, ensure_ascii=False))
    elif args.markdown:
        print(report_markdown(report, meta), end="")
    else:
        console = Console()
        print_rich(report, meta, console if console.is_terminal else Console(width=120))
    if args.errors:
        print_errors(report, sys.stderr if (args.json or args.markdown) else sys.stdout)
    if args.check:
        failed = [g for g in goals(report) if g["ok"] is False]
        for g in failed:
            print(f"goal not met: {g['goal']} ({g['scope']}): {g['value']} (target {g['target']})", file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

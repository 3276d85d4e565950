"""Names carried by the layout of a text rather than by a sentence around them.

Meeting notes, chat pastes and transcripts name people in places where no sentence cue stands:

* **speaker labels** of a transcript: ``Grace: um so yeah…`` / ``Obi: yeah and…`` — a label that
  starts two or more lines of a dialogue with at least two speakers, also after a WhatsApp date
  (``[12/6 21:14] Carmen:``), before a Slack time (``Priyanka 10:42 AM:``) or a role in brackets
  (``Geir (nabo):``); the writer's own lines (``yo:``, ``me:``, ``meg:``) make a speaker but no
  name, and in such a dialogue a lower-case name that is also a word (``will:``, ``summer:``)
  counts once it speaks twice;
* **attendee lists** after ``present:``, ``attendees:``, ``participants:``, ``cc:`` (and their
  German, French, Spanish, Italian, Dutch, Portuguese, Polish and Swedish words): each
  comma-separated item of one to three words is a person, in any case ("sarah, ben o., kofi");
* **@mentions** of a capitalised given name on the lists (``@Dana``; ``@tkowalczyk`` is a handle,
  not a name);
* **slash and dash signatures** at the end of a line (``/Oskar``, ``— Enzo``).

Role words ("User:", "Assistant:", "Interviewer:", "Q:") are not names, nor are "me", "all" or
"team" in a list.
"""

from __future__ import annotations

import re
from collections import Counter

from ..types import Finding
from ._common import COMMON_EN
from ._names import FIRST_NAMES, LAST_NAMES
from ._places import PLACES
from .inflection import DIMINUTIVES
from .names import AMBIGUOUS_GIVEN_NAMES
from .patterns import MONTH_WORDS
from .words import FUNCTION_WORDS, MONTHS_DAYS, NOT_NAMES, POST_NOMINALS, TITLES, WEEKDAYS

__all__ = ["CHAT_STAMP", "CLOCK", "ROLE_LABELS", "find_roster_names"]

DETECTOR = "pattern"

ROLE_LABELS = frozenset(
    """user assistant system human ai bot model gpt claude chatgpt copilot q a question answer note
    notes error warning info debug trace subject from to cc bcc date time step input output example
    summary title name status result response request reply customer client agent support interviewer
    interviewee candidate doctor patient nurse speaker moderator host guest caller operator teacher
    student parent me you us them everyone all team action actions todo decision decisions agenda
    attendees present participants location address phone email tel mobile fax re fw fwd tip hint
    context task goal prompt instructions rules constraints format tone audience background update
    edit draft version original translation english french german spanish italian dutch author
    co-authored-by signed-off-by reviewed-by acked-by tested-by reported-by suggested-by helped-by
    committer merge commit buyer seller koper verkoper käufer verkäufer comprador vendedor acheteur vendeur
    acquirente venditore kupujący sprzedający
    received return-path reply-to authentication-results dkim-signature message-id mime-version content-type
    content-transfer-encoding x-mailer x-originating-ip delivered-to arc-seal arc-message-signature
    arc-authentication-results list-unsubscribe sender in-reply-to references thread-topic importance user-agent
    gstin gst vat pan tin bank branch iban bic swift account contact invoice total subtotal tax amount balance
    ref reference order qty price item sku
    fixed changed added removed deprecated security performance breaking features bugfixes docs chore refactor
    improved improvements fix feat feature new perf internal build ci test tests style revert misc note notes deps
    dependencies bug bugs ui ux api known issues upgrade migration mom mum dad mama papa mamá papá mother father
    grandma grandpa nana granny passengers passenger travellers travelers guests""".split()
)
#: A chat line's time ("10:42", "9:05 pm") and the bracketed stamp before a WhatsApp speaker, with
#: or without a date ("[09:12]", "[12/6 21:14]", "[14/03/2024, 19:03]").
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
# In brackets a clock may also be written with dots, as Indonesian, Danish or Finnish phones do: "[19.05]".
CHAT_STAMP = (r"\[(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?(?:\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?,?[ \t]*)?(?:"
              + CLOCK + r"|\d{1,2}\.\d{2}(?:\.\d{2})?)\]")
# "Grace: …", "[09:12] Grace: …", "[12/6 21:14] Javi M: …" (WhatsApp), "ben t. 10:43 AM: …" (a Slack
# copy puts the time after the name), "Grace (10:15): …".
_LABEL_RE = re.compile(
    rf"(?m)^[ \t>*\-]*(?:(?P<stamp>{CHAT_STAMP})[ \t\-]*)?"
    r"(?P<label>[^\W\d_][\w'’\-]{0,30}(?:[ \t][A-Z][\w'’\-]{0,30}|[ \t][^\W\d_]\.?"
    r"|(?(stamp)[ \t][a-zß-ÿ][\w'’\-]{1,30}|(?!)))?)"
    rf"(?:[ \t]+{CLOCK}|[ \t]*\({CLOCK}\)|[ \t]+\([^()\n:]{{1,20}}\))?[ \t]*:[ \t]+\S"
)
# A Slack or Teams copy puts the time after the name and the message on the same line, with no
# colon: "Dana Whitfield 02:14  @oncall payments api 5xx…", "Rohan Mehta  10:43 AM".
_TIMED_HEADER_RE = re.compile(
    r"(?m)^[ \t>*]*(?P<label>[^\W\d_][\w'’\-]{0,30}(?:[ \t][A-Z][\w'’\-]{0,30}){0,2})"
    rf"[ \t]+{CLOCK}(?=[ \t]*$|[ \t]{{2,}}\S|\t)"
)
# The writer's own lines in a pasted chat ("yo:", "me:", "meg:"): a speaker, but no name to report.
_SELF_LABELS = frozenset("me i yo ich moi meg jeg mig ja eu io jag ik minä én já".split())
_LIST_CUE_RE = re.compile(
    r"(?im)(?:^|[\s(])(?:present|attendees|attending|participants|in attendance|cc|anwesend|teilnehmer(?:innen)?"
    r"|présents|participants|presentes|asistentes|participantes|presenti|partecipanti|aanwezig|deelnemers"
    r"|obecni|uczestnicy|närvarande|deltagare)[ \t]*:[ \t]*(?P<list>[^\n]{2,300})"
)
# A list ends at a sentence end (not the dot of an initial: "ben o.") or a dash.
_LIST_END_RE = re.compile(r"(?<!(?<![^\s,])[^\W\d_])[.!?](?:\s|$)|\s[-–]\s")
_ITEM_RE = re.compile(r"[^,;]+")
_WORD_END_RE = re.compile(r"[^\W\d_]+\Z")
_ITEM_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*\.?")
_NOT_PEOPLE = frozenset("me myself i all everyone everybody team the whole others guests tbc tbd n/a none "
                        "ich alle moi tous yo todos io tutti ik allen ja wszyscy jag alla".split())
# A chat mention of a person by name: "@Tamsin can you check", "cc @Dana Whitfield". Handles with digits,
# dots or underscores are user names; decorators and annotations in code are no people.
_MENTION_RE = re.compile(
    r"(?<![\w.@])@(?P<name>[A-Z][a-zà-ÿ'’]{1,30}(?:-[A-Z][a-zà-ÿ'’]+)?)(?:[ \t](?P<surname>[A-Z][a-zà-ÿ'’\-]+))?"
    r"(?=[ \t,:;!?)]|\Z|\n(?!\s*[@a-z]))"
)
_NOT_MENTIONS = frozenset(
    """Override Test Component Service Autowired Deprecated Entity Table Column Id Bean Configuration Inject
    Injectable Input Output Here Channel Everyone All Team Param Returns Return Throws See Since Author Version
    Property Get Post Put Patch Delete Mock Before After Nullable Transactional Data Value Builder Getter Setter
    Controller Module Pipe Directive Query Body Headers Header Field Resolver Mutation Subscription Args Ctx Req
    Res Prop Emit Watch Slot Model Schema Index Unique Required Valid Size Min Max Email Pattern Json
    Staticmethod Classmethod Dataclass Cache Route App Mixin Media Import Include Extend Font Keyframes Apply
    Layer Tailwind Supports Container Admin Admins Support Devs Oncall Ops""".split()
)
# Marks of a line of code (a chat line's "[9:02 AM]" is none).
_CODE_MARKS_RE = re.compile(r"[{};=]|\w\(|^\s*(?:def|class|public|private|protected|export|function)\b")
_SLASH_SIGN_RE = re.compile(r"(?m)(?:^|[ \t])[/—–][ \t]?(?P<name>[^\W\d_][\w'’\-]{1,30})[ \t\"'”»]*$")


def _name_like(word: str, *, dialogue: bool = False) -> bool:
    """A speaker label's first word: capitalised, or a listed given name typed in lower case ("ben t.").
    Inside an established dialogue a lower-case label may be a name that is also a word ("will:",
    "summer:"), as long as it is no month or weekday, in any language ("- Abril: plantar patatas")."""
    low = word.lower()
    cap = word.capitalize()
    if low in MONTHS_DAYS or low in MONTH_WORDS or low in WEEKDAYS or (
            low in FUNCTION_WORDS and not (dialogue and cap in FIRST_NAMES)):
        return False  # "will:" may be Will where a dialogue is established
    return word[0].isupper() or (cap in FIRST_NAMES and (dialogue or cap not in AMBIGUOUS_GIVEN_NAMES))


def _listed_given(word: str) -> bool:
    return (word in FIRST_NAMES or any(word in d for d in DIMINUTIVES.values())) and word not in AMBIGUOUS_GIVEN_NAMES


def _speaker_labels(text: str) -> list[Finding]:
    found = [m for m in _LABEL_RE.finditer(text) if m.group("label").lower() not in ROLE_LABELS - _SELF_LABELS]
    own = [m for m in found if m.group("label").lower() in _SELF_LABELS]
    sure = [m for m in found if m not in own and _name_like(m.group("label").split()[0])]
    # Lower-case labels that are names and words ("will:", "summer:") count when they speak twice.
    maybe = [m for m in found if m not in own and m not in sure
             and _name_like(m.group("label").split()[0], dialogue=True)]
    twice = {k for k, n in Counter(m.group("label") for m in maybe).items() if n >= 2}
    labels = sure + [m for m in maybe if m.group("label") in twice]
    # A lower-case label after a chat's time stamp that is no word: "[7:10 PM] rj: …", "[7:04 PM] mark anthony: …".
    labels += [m for m in found if m not in own and m not in labels and m.group("stamp") and _stamped_name(m.group("label"))]
    counts = Counter(m.group("label") for m in labels + own)
    spoken = sum(len(text[m.end("label") : text.find("\n", m.end("label")) % (len(text) + 1)].split()) >= 4
                 for m in labels + own)
    if len(counts) < 2 or sum(counts.values()) < 3 or max(counts.values()) < 2 or spoken < 2:
        # Not a dialogue; a forwarded message still names its sender when the label is a given
        # name the lists know and a sentence follows: "Kasia: hej, słuchaj, jutro nie dam rady…".
        return [Finding("PERSON", m.start("label"), m.end("label"), 0.75, DETECTOR) for m in sure
                if _listed_given(m.group("label").split()[0])
                and len(text[m.end() - 1 : text.find("\n", m.end()) % (len(text) + 1)].split()) >= 4]
    # Every other speaker of such a dialogue is a person too ("Obi" speaks once).
    return [Finding("PERSON", m.start("label"), m.end("label"), 0.8, DETECTOR)
            for m in sorted(labels, key=lambda m: m.start())]


def _stamped_name(label: str) -> bool:
    """Whether a lower-case label after a chat's time stamp names someone: one word that is no word
    of English nor a month or weekday ("rj", "joanna"), or two or more of which one is a given name."""
    if not label.islower() or any(c.isdigit() or c == "_" for c in label):
        return False  # a handle: "tacoTuesday_88", "xXgoblinqueenXx"
    words = label.split()
    low = [w.lower() for w in words]
    if any(w in MONTHS_DAYS or w in MONTH_WORDS or w in WEEKDAYS or w in FUNCTION_WORDS for w in low):
        return False
    if len(words) == 1:
        return (low[0] not in COMMON_EN or words[0].capitalize() in FIRST_NAMES
                or (len(low[0]) <= 3 and low[0].isascii() and low[0] not in _CHAT_ABBREVIATIONS))  # initials: "rj"
    return any(w.capitalize() in FIRST_NAMES for w in words)


# Labels a chat line opens with that are no one's initials.
_CHAT_ABBREVIATIONS = frozenset("ok fyi btw pls plz re ps nb tl dr eta cc fw fwd q a ans faq tbd tba todo irl imo "
                                "lol omg wtf idk afk brb asap rsvp url api sql log err"
                                .split())


def _timed_headers(text: str) -> list[Finding]:
    """Names heading the messages of a chat copy (``Name 02:14  text``). A schedule line
    ("Lunch 12:30  canteen") has the same shape, so a label counts when it is a listed given name
    or heads two messages, and only where two or more such lines make a conversation."""
    found = [m for m in _TIMED_HEADER_RE.finditer(text)
             if m.group("label").lower() not in ROLE_LABELS and _name_like(m.group("label").split()[0])
             and m.group("label")[0].isupper()]
    if len(found) < 2:
        return []
    counts = Counter(m.group("label") for m in found)
    return [Finding("PERSON", m.start("label"), m.end("label"), 0.8, DETECTOR) for m in found
            if counts[m.group("label")] >= 2
            or (m.group("label").split()[0] in FIRST_NAMES and m.group("label").split()[0] not in AMBIGUOUS_GIVEN_NAMES)
            or (len(m.group("label").split()) >= 2 and m.group("label").split()[-1] in LAST_NAMES)]  # "Ankit Sharma"


def _list_end(body: str) -> int:
    """Where an attendee list ends: at a sentence end, not at the dot of a title ("dhr. El Amrani")."""
    for c in _LIST_END_RE.finditer(body):
        word = _WORD_END_RE.search(body, 0, c.start()) if c.group(0)[0] == "." else None
        if word is None or word.group(0).lower() not in TITLES:
            return c.start()
    return len(body)


def _attendees(text: str) -> list[Finding]:
    out = []
    for m in _LIST_CUE_RE.finditer(text):
        base = m.start("list")
        body = m.group("list")
        for item in _ITEM_RE.finditer(body[: _list_end(body)]):
            raw = item.group(0)
            raw_stripped = re.sub(r"\s*\([^)]*\)?\s*$", "", raw)  # "Jo-Ann Whitcombe (Brightwater)"
            title = re.match(r"\s*([^\W\d_]+)\.?\s+(?=\S)", raw_stripped)
            if title and title.group(1).lower() in TITLES:  # "Frau Weber": the name is "Weber"
                raw = raw[title.end() :]
                raw_stripped = raw_stripped[title.end() :]
                shift = title.end()
            else:
                shift = 0
            words = _ITEM_WORD_RE.findall(raw_stripped)
            if not 1 <= len(words) <= 3 or " ".join(words) != raw_stripped.strip().rstrip(":"):
                continue  # "2 guests", "the vendor's rep": not a bare name
            if words[0].lower().rstrip(".") in _NOT_PEOPLE or words[0].lower() in FUNCTION_WORDS \
                    or words[0].lower() in NOT_NAMES:  # "équipe pédagogique" is the staff, not a person
                continue
            if len(words) == 1 and words[0].lower().replace(".", "") in POST_NOMINALS:
                continue  # "Attending: Rajiv Menon, MD": the degree after the name
            a = base + item.start() + shift + (len(raw) - len(raw.lstrip()))
            b = a + len(raw_stripped.strip())
            if text[b - 1] == "." and not (b - a >= 2 and text[b - 2].isalpha() and (b - a == 2 or text[b - 3] == " ")):
                b -= 1  # a full stop, not the dot of an initial ("ben o.")
            out.append(Finding("PERSON", a, b, 0.75, DETECTOR))
    return out


def _mentions(text: str) -> list[Finding]:
    """People mentioned with "@" in a chat, with a listed surname after the name ("@Dana Whitfield")."""
    out = []
    for m in _MENTION_RE.finditer(text):
        name = m.group("name")
        line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end()) % (len(text) + 1)]
        if name in _NOT_MENTIONS or name in PLACES or _CODE_MARKS_RE.search(line):
            continue
        end = m.end("surname") if m.group("surname") and m.group("surname") in LAST_NAMES else m.end("name")
        out.append(Finding("PERSON", m.start("name"), end, 0.75, DETECTOR))
    return out


def find_roster_names(text: str) -> list[Finding]:
    """PERSON findings from speaker labels, attendee lists, @mentions and slash signatures."""
    out: list[Finding] = []
    if ":" in text:
        out += _speaker_labels(text)
        out += _attendees(text)
    out += _timed_headers(text)
    if "@" in text:
        out += _mentions(text)
    if "/" in text or "—" in text or "–" in text:
        out += [Finding("PERSON", m.start("name"), m.end("name"), 0.75, DETECTOR)
                for m in _SLASH_SIGN_RE.finditer(text) if m.group("name").capitalize() in FIRST_NAMES]  # "/elin"
    return out

"""Word lists (and one text test) shared by the model's plausibility filter and the rule modules.

Kept apart from ``ner`` so that code which needs the words does not import torch.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["FUNCTION_WORDS", "TITLES", "AMBIGUOUS_PLACES", "SALUTATIONS", "NOT_NAMES", "starts_word", "after_capitalised_word", "line_at"]

#: Capitalised words that never make a name on their own: sentence starters, weekdays, months.
FUNCTION_WORDS = frozenset(
    """the a an and or but if when while because so then this that these those there here it its i
    we you he she they our your my his her their me us them please thanks thank hi hello dear yes
    no not also however therefore what which who whom whose why how where can could would should
    will shall may might must do does did is are was were be been have has had let note see for
    from to in on at by with as of about after before during since until into over under again
    all any each every some many most more other such only just very still even now today
    tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december ok okay sure best kind
    regards cheers der die das ein eine und oder aber wenn weil dann dies diese es ich wir sie er
    mein unser bitte danke hallo ja nein nicht auch noch le la les un une et ou mais si quand
    parce donc ce cette ces il elle nous vous ils je mon notre merci bonjour oui non pas el los
    las uno una y o pero cuando porque entonces este esta estos yo nosotros usted ellos mi
    nuestro gracias hola sí lo gli il uno una e ma quando perché allora questo questa io noi voi
    loro grazie ciao o os um uma mas quando porque então este esta eu nós obrigado olá não de het
    een en maar als omdat dan dit deze ik wij jij hij zij mijn ons bedankt hoi ja nee niet
    till och att det som för med på av är jag inte från hos hej til og af er jeg ikke fra hei
    sem com para pro pra vcs você dla się że nie jest ale już oraz ve bir bu ile için şu
    että ja ei mutta kanssa qué cómo cuándo dónde quién quiénes cuál cuáles cuánto cuánta sé está
    están hay""".split()
)

#: Titles of the gateway's newer languages that are written alike capitalised or not and need no dot:
#: Greek and Cyrillic (κυρία, г-жа, пан), Albanian, Malay/Indonesian, Tagalog, Hausa, Afrikaans, South
#: Slavic, Lithuanian, Estonian, Swahili, Hindi. ``context`` builds its title patterns from this one list.
HONORIFICS: tuple[str, ...] = tuple(
    "κα κος κυρία κύριος κύριε г-н г-жа господин госпожа пан пані пане д-р "
    "zonja zoti znj encik cik puan tuan bapak ibu mbak mang aling hajiya alhaji malam mallam mnr mev oom tannie "
    "ouderling gospodin gospođa gospodine gospa gospod gđa gđica ponas ponia proua härra bwana shri shrimati "
    "smt domnișoara dnă d-ra d-lui bayan pán pána pánovi juf meester bu deaconess barr dona "
    # what people call their elders and their parents' friends, in many countries a title: "Aunty Lily"
    "aunt aunty auntie uncle tante onkel tía tío tia tio zia zio ciocia wujek".split()
)
#: Titles and honorifics, lower case without the dot: outside a person's span ("Frau ⟦Weber⟧").
TITLES = frozenset(
    "mr mrs ms miss mx dr prof sir dame herr herrn hrn frau hr fr sr sra srta sig signor signora mme mlle m dott ing "
    "avv pan pani don doña dona dhr mevr monsieur madame señor señora meneer mevrouw rev revd reverend pastor rabbi "
    "imam sgt insp cllr barr rag geom "
    # abbreviations written with a dot: κ. (κύριος), Δρ., гн, д-р, Ds. (dominee), Bw. (Bwana)
    "κ κ.κ κυρ δρ καθ гн панове госпожица др проф pak ds bw".split()
) | frozenset(HONORIFICS)

# Gazetteer names that are at least as often a word (in English or another language the gateway
# sees: "Como", "Male", "Centro") or a given name. Partly found by listing the gazetteer's names
# that occur as lower-case words in the training templates and Faker's word lists.
AMBIGUOUS_PLACES = frozenset(
    """Burgundy Scania Moro Mobile Reading Split Nice Orange Bath Deal Santa Mercedes Victoria Aurora Florence Chad Jordan
    Waren Ende Halle Kuba
    Jersey Guernsey
    Lincoln Madison Jackson Austin Charlotte Hamilton Phoenix Buffalo Columbia Independence Liberty
    Providence Concord Temple Union Commerce Enterprise Eagle Hope Salem Mission Richmond Warren
    Franklin Clinton Arlington Lafayette Lawrence Taylor Tyler Troy Irvine Carmel Paradise Spring
    Springfield Garden Grove Beach Ocean Pearl Plano Surprise Norman Eugene Marion Elizabeth Allen
    Kent Bristol Oxford Cambridge Chelsea Orlando Aden Nancy Laval Sale Bury Batman Bologna Sandy
    Temple Gary Jena Bonn Mons Bree Essen Central Santander Delta Hitachi Toyota Nokia Coronel Serra
    Mestre Golfe Praia Darwin Santos Marina Bolívar Tours Lens Normal Como Male Most Mesa Date Centro
    Douane Wedding Registro Loja Massa Madera Oral Obra Panna Metro Ventas Azul Mora Largo Vista Faro
    Lampa Bata Cela Tabaco Limón Gare Lira Pianura Potenza Prato Sorriso Kara Wola Marka Celle Brick
    Bend Tama Roman Doba Hala Nada Pueblo Tema Libertad Woodland Barra União Baía Kita Indio Regina
    Victoria Sydney Florida Alexandria Carolina Virginia Georgia Ontario Pretoria Bonita Linda Bella
    Nova Rio Una Sur Norte Este Oeste Center Centre Mountain Valley Lakes Falls Rapids Heights Park
    Station Junction Harbor Harbour Bay""".split()
)


#: One-word greetings and sign-offs in the languages of the cues: a model span that is only one
#: of these ("Saygılarımla,", "Pozdrawiam") is the letter's furniture, not a name.
SALUTATIONS = frozenset(
    """regards cheers thanks greetings sincerely cordially respectfully yours best love hugs xoxo
    grüße grüsse gruß mfg lg vg cordialement amitiés bises saludos atentamente abrazos besos saluti
    cordiali distinti grazie groetjes groeten pozdrawiam pozdrowienia atenciosamente abraços cumprimentos
    hälsningar mvh hilsen hilsner saygılarımla saygılar teşekkürler merhaba selam dziękuję tack takk
    tak kiitos terveisin díky zdravím mulțumesc salutări hej hola ciao hallo bonjour salut olá hoi
    lugupidamisega pagarbiai pozdrav lp faleminderit kveðja salamat groete hilsen sveikinimai
    φιλικά ευχαριστώ χαιρετισμούς спасибо дякую поздрави благодаря хвала
    gracias gràcies obrigado obrigada danke merci bedankt hvala ačiū paldies aitäh asante""".split()
)
#: Greetings of the gateway's newer languages (Nordic, Baltic, Romanian, South Slavic, Albanian, Icelandic,
#: Tagalog, Afrikaans, Malay, Greek, Cyrillic), as written before a name: ``context`` builds its greeting
#: pattern from this list, and its one-word members are ``GREETING_WORDS`` too.
GREETINGS_MORE: tuple[str, ...] = tuple(
    """Hei|Moi|Tere|Hyvä|Kære|Kæri|Kæra|Labas|Laba diena|Sveiki|Bună|Bună ziua|Stimate|Stimată|Dragă|Dragi|Draga
    |Spoštovani|Spoštovana|Pozdravljeni|Poštovani|Poštovana|Zdravo|Përshëndetje|I dashur|E dashur|Halló|Sæll|Sæl
    |Kumusta|Liewe|Geagte|Selamat pagi|Αγαπητέ|Αγαπητή|Αγαπητοί|Αξιότιμε|Αξιότιμη|Γεια σου|Γεια σας|Καλημέρα
    |Καλησπέρα|Уважаемый|Уважаемая|Уважаемые|Шановний|Шановна|Шановні|Дорогой|Дорогая|Дорогий|Дорога
    |Здравствуйте|Привет|Вітаю|Добрий день|Добрый день|Здравейте|Скъпи|Скъпа|Уважаеми|Уважаема|Поштовани|Драги
    |Драга|Bon dia|Bona tarda|Bom dia|Boa tarde|Boa noite|Buenos días|Buenas tardes|Buongiorno|Buonasera
    |Goedemorgen|Goedemiddag|Guten Morgen|Guten Tag|God morgen|God dag|Dzień dobry|Dobrý den|Dobrý deň|Kedves
    |Habari|Xin chào|Kính gửi""".replace("\n", "").replace("    ", "").split("|")
)
#: Words that open a letter before the addressee ("Gentile Hotel Villa Ortensia,", "Dear Dr Shah").
GREETING_WORDS = frozenset(
    """dear hi hello hey gentile gentili liebe lieber cher chère estimado estimada querido querida caro cara
    beste kära drogi droga szanowny szanowna prezado prezada bonjour hola hallo hoi hej ciao olá""".split()
) | frozenset(g.lower() for g in GREETINGS_MORE if " " not in g)


#: Capitalised words that follow a name cue (a greeting, a title, a field) without being names.
NOT_NAMES = frozenset(
    """all everyone everybody team teams folks friends colleagues guys there world sir madam madame
    sirs customer customers client clients support service sales hr it admin admins user users
    manager managers and the a an of for to in on at from with thanks thank regards best cheers
    good morning afternoon evening night day everyone' again here this that these those my our your
    his her their its we you they he she i me us them mr mrs ms dr prof herr frau monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august
    september october november december today tomorrow yesterday please note hope kind dear hello
    hi hey bonjour hola ciao hallo zusammen alle allerseits leute todos todas tutti tous équipe
    equipo team, staff department office company group committee board member members mom mum dad
    mother father sister brother son daughter wife husband not is was and but or so just also
    very really currently still already never always sorry happy glad new old grüße grüsse gruß
    yeah yep yup yes yeh yah nope nah uh um erm hmm mhm okay ok sure right lovely alright
    parents carers guardians families residents neighbours neighbors members students pupils volunteers
    tenants owners shareholders participants attendees applicants candidates patients guests hiring
    colleague panie państwo allah easter christmas""".split()
)


def starts_word(text: str, i: int) -> bool:
    """Whether a match at ``i`` begins a word: regexes leave this look-behind out so that they can
    scan for their literal first characters quickly."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_.")


_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w'’\-]*)[ \t]+\Z")


def after_capitalised_word(text: str, start: int) -> bool:
    """Whether a capitalised word that is no function word stands right before ``start``: the
    candidate is then the end of a longer name ("Bank of ⟦Ireland⟧", "Clinique ⟦Saint-Roch⟧"), also after
    an elided article ("l'Hospital ⟦Parc Taulí⟧", "dell'Ospedale ⟦San Paolo⟧")."""
    prev = _WORD_BEFORE_RE.search(text, max(0, start - 40), start)
    if prev is None:
        return False
    word = prev.group(1)
    if (elided := _ELIDED_RE.match(word)) is not None:
        word = word[elided.end() :]
    return word[:1].isupper() and word.lower() not in FUNCTION_WORDS


_ELIDED_RE = re.compile(r"[a-zà-ÿ]{1,5}['’](?=[^\W\d_])")


#: Where a sentence or a list item starts, searched for right before a word: the text's start or a
#: sentence end, then any bullets, quotes or brackets.
SENTENCE_START_RE = re.compile(r"(?:\A|[.!?:;\n])[ \t\-–•*>\"'„«(]*\Z")
#: The letters after a sports club's name ("Årsta BK", "Fyllingsdalen IL", "Leeds FC"): the words before
#: them name the club, not its town.
CLUB_SUFFIXES = frozenset("BK IF IK FK SK IL BIF FF HK AIK FC AFC SC CF AC".split())

#: Lower-case words that join the parts of a name or place ("Jan van der Berg", "Frankfurt am Main").
NAME_PARTICLES = frozenset(
    "van von de da di del della der den du la le les dos das do bin ibn al el ter zu und y e et "
    "and of the am an upon on sur sous lès für for & + i og och".split()
)
#: Particles at the end of a span: a name does not end on one ("João da", "Grundschullehrerin an der").
TRAILING_PARTICLE_RE = re.compile(
    r"(?:[ \t]+(?:" + "|".join(sorted((re.escape(p) for p in NAME_PARTICLES), key=len, reverse=True)) + r"))+\Z"
)


# --- casual text: where lower-case names are normal --------------------------------------------

# Paragraphs: runs of lines between blank lines.
_PARAGRAPH = re.compile(r"[^\n](?:[^\n]|\n(?![ \t]*\n))*")
_SENTENCE_START = re.compile(r"(?:^|[.!?][ \t]+|\n)[ \t\-–•*>#\d.)]*([^\W\d_][\w'’]*)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CODE_CHARS = re.compile(r"[{}();=_<>\[\]]")


def _is_casual(text: str) -> bool:
    """Text written without capitals ("hi its marcus lee again", "spoke w/ siobhan today. her
    manager gareth is ok with it"): lower-case names are normal there. Either almost no word is
    capitalised (acronyms aside), or the sentences start in lower case. Code is never casual."""
    tokens = text.split()
    if len(tokens) < 4:
        return False
    starts = [m.group(1) for m in _SENTENCE_START.finditer(text) if not m.group(1).isupper()]
    upper_starts = sum(w[0].isupper() for w in starts)
    lower_starts = len(starts) - upper_starts
    if upper_starts > 0.03 * len(tokens) and not (len(starts) >= 3 and lower_starts >= 0.75 * len(starts)):
        return False  # capitalised sentences: ordinary prose, decided without a word scan
    if len(_CODE_CHARS.findall(text)) * 40 > len(text):
        return False
    words = [w for w in tokens if w[:1].isalpha()]
    if len(words) >= 4 and sum(w[0].isupper() and not w.isupper() for w in words) <= 0.03 * len(words):
        return True
    return len(starts) >= 3 and lower_starts >= 0.75 * len(starts)


def casual_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of the casual paragraphs of ``text`` (a request on top of a pasted lower-case
    note is common); the whole text when it is casual as one."""
    if _is_casual(text):
        return [(0, len(text))]
    if not _BLANK_LINE.search(text):
        return []  # one paragraph, already judged
    return [m.span() for m in _PARAGRAPH.finditer(text) if _is_casual(m.group(0))]


def in_blocks(blocks: Sequence[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in blocks)


#: Month and weekday names in English: capitalised, never a name or a place of their own.
MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
#: Degrees, credentials and honours written after a name ("Rajiv Menon, MD"): never a person themselves.
POST_NOMINALS = frozenset(
    """md phd dphil mbbs mbchb frcs frcp frcpc frcgp mrcp mrcgp mrcs facs facp rn np pa-c dds dmd dvm do od pharmd
    esq cpa cfa acca aca mba msc bsc ba ma llb llm jd obe mbe cbe kc qc sc""".split()
)
#: Weekdays in the languages the gateway sees, and their short forms ("Thu 6/13", "Cuma namazı").
WEEKDAYS = frozenset(
    """mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday
    montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so lundi mardi mercredi jeudi
    vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo lunedì martedì mercoledì
    giovedì venerdì sabato domenica segunda terça quarta quinta sexta maandag dinsdag woensdag donderdag vrijdag
    zaterdag zondag poniedziałek wtorek środa czwartek piątek sobota niedziela måndag tisdag onsdag torsdag
    fredag lördag söndag mandag tirsdag lørdag søndag pazartesi salı çarşamba perşembe cuma cumartesi pazar
    δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή""".split()
)

#: Technology, platforms and card brands: used as technology, no party and no place ("dbt models in
#: Snowflake", "the GitHub Action", "my Mastercard").
TECH_PLATFORMS = frozenset(
    """github gitlab bitbucket jira confluence slack zoom aws azure gcp kubernetes docker terraform mastercard
    visa amex maestro jcb unionpay interac stripe paypal twilio sendgrid chatgpt copilot gemini huggingface
    postgres postgresql mysql mongodb redis kafka elasticsearch grafana datadog sentry okta auth0 vercel
    netlify heroku cloudflare wordpress woocommerce hubspot zapier trello asana figma excel outlook gmail
    whatsapp telegram snowflake databricks bigquery redshift airflow dbt tableau looker supabase firebase notion
    openai anthropic mistral cohere ollama langchain pinecone m-pesa mpesa gcash""".split()
) | frozenset({"american express", "diners club", "hugging face", "google cloud", "microsoft teams"})

#: Words that open a street's name, which is often a person's ("Str. Avram Iancu", "Via Carlo Farini",
#: "ul. Jana Pawła"): names after them, and an institution's words before them, belong to an address.
STREET_HEADS = frozenset(
    "str strada ul ulica al aleja rua calle c av avda avenida via viale piazza corso largo rue avenue boulevard bd "
    "bulevardul".split()
)


def fold_accents(name: str) -> str:
    """``name`` without its diacritics: people and statements type "Bogota", "JOAO", "Malaga"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


# ISO 4217 codes of the currencies people price things in.
CURRENCY_CODES = frozenset(
    """USD EUR GBP JPY CHF CAD AUD NZD CNY HKD SGD INR PKR BDT LKR NPR IDR MYR THB VND PHP KRW TWD SEK NOK DKK ISK
    PLN CZK HUF RON BGN HRK RSD UAH RUB TRY ILS AED SAR QAR KWD BHD OMR JOD EGP MAD TND NGN GHS KES UGX TZS ZAR
    BRL ARS CLP COP PEN MXN UYU BOB PYG VES XOF XAF""".split()
)


#: Ireland's counties, written after "Co." ("Ballyvourney, Co. Cork"), which a company's "Co." never precedes.
IRISH_COUNTIES = ("Antrim|Armagh|Carlow|Cavan|Clare|Cork|Derry|Donegal|Down|Dublin|Fermanagh|Galway|Kerry|Kildare"
                  "|Kilkenny|Laois|Leitrim|Limerick|Longford|Louth|Mayo|Meath|Monaghan|Offaly|Roscommon|Sligo"
                  "|Tipperary|Tyrone|Waterford|Westmeath|Wexford|Wicklow")


def line_at(text: str, pos: int) -> str:
    """The line of ``text`` that holds position ``pos``, without its newline."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a : b if b >= 0 else len(text)]


# "to" after a verb of travel names a place ("gets you to Fitzroy", "then over to Skye"); alone it
# is as often said to a person ("talk to Fitzroy").
TRAVEL_TO_RE = re.compile(
    r"(?i)(?<![\w])(?:over|down|up|back|out|you|drive|driving|drove|fly|flying|flew|go|going|went|move|moving|moved"
    r"|travel|travelling|traveling|trip|ferry|train|bus|walk|walking|head|heading|day|commute)[ \t]+to[ \t]+\Z"
)

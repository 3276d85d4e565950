"""Names and street addresses announced by their context, without a model.

The transformer finds most names and places, but a small local model misses some that the text
itself announces: ``Dear Ms Okafor,``, ``Mit freundlichen Grüßen\\nJonas Weber``, ``"full_name":
"Lerato Dlamini"``, ``221 Wilmslow Road, Manchester M14 5LW``. These cues are precise enough to
report on their own, and they keep the engine useful when no model is installed.

Only strong cues are used (titles, greetings and sign-offs, labelled fields, "my name is",
street types with a house number); a capitalised word alone is never enough. Spans exclude the
cue itself (``Herr ⟦Müller⟧``), as the evaluation set and redaction both want.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..types import Finding
from ._places import PLACES as _PLACES
from ._names import FIRST_NAMES, LAST_NAMES
from .inflection import case_languages, find_inflected_names
from .names import AMBIGUOUS_GIVEN_NAMES, COMPANY_WORDS, find_listed_names
from .vietnamese import find_vietnamese_people, find_vietnamese_places, names_a_language
from .uncased import find_uncased_entities
from .places import (find_attributive_places, find_bare_places, find_comma_towns, find_country_abbreviations,
                     find_dateline_places, find_framed_places, find_home_places, find_inflected_places, find_place_fields,
                     find_place_lists, find_places, find_site_known_places, find_site_places, find_street_names,
                     find_natural_places, find_venues, known_place_name)
from .words import GREETINGS_MORE, HONORIFICS, FUNCTION_WORDS, MONTHS_DAYS, NOT_NAMES, starts_word
from .organizations import find_organizations
from .rosters import CHAT_STAMP, CLOCK, ROLE_LABELS, find_roster_names
from .patterns import table_columns, tabular_fields

__all__ = ["find_context_entities", "find_people", "find_addresses", "find_organizations",
           "find_record_entities"]

DETECTOR = "pattern"

# A name word: letters with inner apostrophes/hyphens (O'Connell, Ana-Maria), or an initial ("J.").
_W = r"(?:[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_])){1,30}|[^\W\d_]\.)"
_PARTICLE = r"(?:van|von|de|da|di|del|della|der|den|du|la|le|dos|das|bin|ibn|al|el|ter|zu)"
# One to four name words, particles allowed between them; horizontal whitespace only.
_NAME_BODY = rf"{_W}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_W}){{0,3}}"
_NAME = rf"(?P<name>{_NAME_BODY})"

# German and Dutch plural nouns for groups of people ("Sehr geehrte Bewohnerinnen und Bewohner",
# "Liebe Kolleginnen"): the endings no given name or surname has.
_GROUP_NOUN_ENDINGS = ("innen", "bewohner", "kollegen", "mitglieder", "teilnehmer", "nachbarn", "eltern",
                       "mitarbeitende", "mitarbeiter", "kunden", "herren", "damen", "leden", "bewoners", "collega's")


_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herrn|Herr|Hrn|Frau|Hr|Fr|Sr|Sra|Srta|Sig|Sig\.ra|Signor|Signora|Sig\.na"
    r"|Mme|Mlle|M|Mevr|Dhr|Pan|Pani|Don|Doña|Dña|Sñr|Mevrouw|Meneer|Monsieur|Madame|Señor|Señora"
    r"|Dott|Dott\.ssa|Dr\.ssa|Prof\.ssa|Ing|Avv|Mag|Dipl\.-Ing|Dra|Lic|Kollegin|Kollege|(?:med|dent|vet)(?=\.)"
    # police ranks and church offices before a name: "PC Rhian Morgan", "DS Okafor", "diakon Kari Mjelde"
    r"|PC|PCSO|DC|DS|DI|DCI|Sgt|Insp|Const|Constable|Sergeant|Inspector|Diakon|Pastor|Pfarrer|Pfarrerin|Vicar"
    r"|Reverend|Rev|Imam|Rabbi|Kantor|Prest|Sogneprest|Kapellan|Präst|Kyrkoherde|Præst|Provst"
    r"|Familie|Famille|Familia|Famiglia|Familjen|Rodzina|Rodzinie|Rodziny|Dna|Dl(?=\.)"
    # Greek and Cyrillic abbreviations ("Κ. Βλάχος", "Δρ. …"); the other titles of the newer languages
    # come from ``words.HONORIFICS`` ("Κυρία Αντωνίου", "Г-жа Коваленко", "Encik Hafiz")
    r"|Κ|Δρ|Καθ|Господине|Проф|Ds|Bw|Pak(?![ \t]+[Cc]ho[iy])|"
    + "|".join(re.escape(w[:1].upper() + w[1:]) for w in HONORIFICS) +
    # police and clergy: "Sen Const Maddox", "DS Patel", "Deacon Frank"
    r"|Const|Constable|Sgt|Sergeant|Insp|Inspector|Supt|Superintendent|Detective|Deacon|Rev|Revd|Reverend|Cllr"
)
# No leading lookbehind on these: it would hide the literal alternatives from the regex engine's
# fast prefix scan; the word boundary before a match is checked in Python (``starts_word``).
# Titles written in lower case mid-sentence in their languages ("pan Zdzisław", "l'ing. Dal Molin",
# "wethouder De Boer"); the name after them must still be capitalised.
_LOWER_TITLES = (
    r"pan|pani|panie|panem|pana|panu|pane|paní|herr|frau|doña|sra|srta|mme|mlle|wethouder|burgemeester|meneer"
    r"|mevrouw|monsieur|mevr|dhr|fru|bey|hanım|domnul|domnule|doamna|doamnă|doamnei|domnului|dna|d-na|d-nei|dlui"
    r"|familia|famiglia|famille|familie|rodzina|rodziny|rodzinie|(?:dl|pí)(?=\.)"
    r"|madame|señor|señora|signor|signora|dottor|dottoressa|dott\.ssa|sig\.ra|(?:ing|dott|avv|sig|dr|prof|sr)(?=\.)"
    r"|mr|mrs"  # typed in a chat: "whats his name again, mr Hadley?"
    r"|diakon|pastor|pfarrer|pfarrerin|prest|sogneprest|kapellan|präst|kyrkoherde|præst|provst|kantor|imam"
    r"|κυρίου|κυρίας|(?:κ|κυρ|δρ|καθ)(?=\.)|господина|госпожи|пана|панові|(?:проф|др)(?=\.)"
    r"|pak(?![ \t]+[Cc]ho[iy])|(?:ds|bw|bi|en|pn|bb|gng)(?=\.)"
    r"|z(?=\.[ \t]+(?!Hd\.|B\.|T\.|Zt\.))"  # not German "z. Hd." (for the attention of), "z. B.", "z. T."
    # a maiden name: "Ms Máiréad Fitzgerald (née Ó Súilleabháin)", "Anna Weber geb. Krause", "z domu Nowak"
    r"|née|nee|geborene|geb|z domu|"
    + "|".join(re.escape(w) for w in HONORIFICS)
)
# The lower-case titles also end other words ("Se⟦hr⟧", "Ja⟦pan⟧"), so they must start one.
# After a title the further name words are capitalised, so "Mr Smith and Mrs Jones" stops at "Smith"
# and leaves "Mrs Jones" to the next match.
_CAP_W = rf"(?![a-zß-ÿа-яёіїєґα-ωά-ώ]){_W}"
# Particles only after the first word ("Dr. Jan van der Berg"): "domnul Mihai Stanciu de la Banca Someș"
# is a man from a bank.
_TITLE_NAME = rf"(?P<name>(?:(?:Ó|Ní|Uí|Mac|Nic)[ \t]+)?{_W}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP_W})?(?:[ \t]+{_CAP_W}){{0,2}})"
# Titles may be joined: "Mr & Mrs Farooqui", "Herr und Frau Weber".
_TITLE_RE = re.compile(
    rf"(?:{_TITLES}|(?<![\w])(?:{_LOWER_TITLES}))\.?[ \t]+"
    rf"(?:(?:(?:&|and|und|et|y|en|og|och|e|i)[ \t]+)?(?:{_TITLES}|{_LOWER_TITLES})\.?[ \t]+){{0,3}}{_TITLE_NAME}"
)


def _alternatives(alternation: str) -> frozenset[str]:
    """The lower-cased words of a regex alternation of literals ("Mr|Sig\\.ra|(?:ing|dr)(?=\\.)"); of a
    literal of several words ("z domu") its last word, which a text's word set can hold."""
    alternation = re.sub(r"\(\?<?[!=][^()]*(?:\([^()]*\)[^()]*)*\)", "", alternation)  # lookarounds say nothing here
    return frozenset(re.sub(r"[()?:=\\]", "", w).strip(".").lower().split(" ")[-1] for w in alternation.split("|"))


_TITLE_WORDS = _alternatives(f"{_TITLES}|{_LOWER_TITLES}")
_TOKEN_SPLIT_RE = re.compile(r"[\s'’]+")

_GREETINGS = (
    r"Dear|Hi|Hello|Hey|Hallo|Liebe|Lieber|Sehr geehrte|Sehr geehrter|Bonjour|Salut|Cher|Chère|Hola"
    r"|Estimado|Estimada|Querido|Querida|Ciao|Gentile|Gentilissima|Gentilissimo|Caro|Cara|Beste|Hoi"
    r"|Witam|Drogi|Droga|Szanowny|Szanowna|Olá|Prezado|Prezada|Hej|Kära"
    r"|Yth\.|" + "|".join(re.escape(g) for g in GREETINGS_MORE)
)
_AND = r"(?:and|&|und|et|y|e|en|och|og|i|a)"
# "Dear Mr and Mrs Nakamura-Brooks,", "Beste Sanne en Joris,": two titles or two names joined.
_GREETING_RE = re.compile(
    rf"(?:{_GREETINGS}),?[ \t]+(?:(?:{_TITLES})\.?[ \t]+(?:{_AND}[ \t]+(?:{_TITLES})\.?[ \t]+)?)?{_NAME}"
    rf"(?:[ \t]+{_AND}[ \t]+(?P<name2>{_NAME_BODY}))?[ \t]*(?=[,!:\n]|$)"
)
_AND_NAME_RE = re.compile(rf"[ \t]+{_AND}[ \t]+{_NAME}")
# Thanks and calls that address someone, in the gateway's languages: "oye Nerea,", "obrigada Gabriel.",
# "ok dzięki Kasiu", "valeu Rafa!".
_THANKS_WORDS = frozenset(
    "thanks thank thx cheers oye oi obrigado obrigada valeu gracias grazie danke merci dzięki dziękuję tack takk tak "
    "kiitos köszi köszönöm děkuji díky teşekkürler sağol bedankt hvala mulțumesc multumesc salut ahoj cześć szia hei "
    "moi merhaba tschüss ciao".split()
)
_THANKS = "|".join(sorted(({*_THANKS_WORDS} - {"thank"}) | {"thank you"}, key=len, reverse=True))
_THANKS_RE = re.compile(
    rf"(?<![\w])(?i:{_THANKS})[ \t,]+{_NAME}[ \t]*(?=[,.!?:;)\n]|$|[ \t]+[^\w\s]|[ \t]+x+\b)"
)
# "a table under the name Ferraro", "ein Herr namens Köhler", "una señora llamada Pilar".
_NAMED_RE = re.compile(
    rf"(?:under the name|in the name of|named|called|namens|genannt|llamad[oa]|chiamat[oa]|appelée?|chamad[oa]"
    rf"|genaamd|kallad|nazwan[ya]|o imieniu)[ \t]+{_NAME}"
)
# Multilingual e-mail headers: "Da: Chiara Santoro", "A: Giulia Caputo" (when a subject line says
# this is a header block, since "A:" alone is also an answer).
_SUBJECT_KEY_RE = re.compile(r"(?im)^[ \t>]*(?:subject|oggetto|asunto|betreff|objet|onderwerp|ämne|emne|temat|assunto)[ \t]*:")
# A CV or letter heads with its writer's name in capitals, contact details on the next line:
# "AMARA OKONKWO-BELL\nFlat 12, … · amara@…", "OLUWASEUN ADEBAYO-GRANT\nLeeds · +44 7389 …".
_CAPS_HEADING_RE = re.compile(
    r"(?m)^[ \t#*]*(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ'’\-]+(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ'’\-]*\.?){1,3})[ \t*]*\n"
    r"(?=[^\n]{0,200}(?:@|\d[\d \-()]{6,}\d|·|\|))"
)
_HEADING_WORDS = frozenset(
    """curriculum vitae cv resume résumé profile summary experience education skills contact contacts
    invoice receipt statement report agreement contract notice letter memo minutes agenda order quote
    confidential urgent private personal details information account customer client patient employee
    """.split()
)


def _caps_headings(text: str) -> Iterator[Finding]:
    for m in _CAPS_HEADING_RE.finditer(text):
        words = [w.strip(".").capitalize() for w in re.split(r"[ \t]+", m.group("name"))]
        parts = [p.capitalize() for w in words for p in w.split("-")]
        if any(w.lower() in _HEADING_WORDS or w.lower() in COMPANY_WORDS or w.lower() in FUNCTION_WORDS
               for w in parts):
            continue
        if any(p in FIRST_NAMES for p in parts[:1]) or sum(p in FIRST_NAMES or p in LAST_NAMES for p in parts) >= 2:
            yield Finding("PERSON", m.start("name"), m.end("name"), 0.8, DETECTOR)


# A family named by its surname: "the Nguyễn family", "the Okafor family's car" (not "the Royal family").
_FAMILY_RE = re.compile(r"(?<![\w])the[ \t]+(?P<name>(?!Royal|Holy|Imperial|Crime|Modern|Happy|Whole|Extended|Host|Nuclear|Blended)"
                        r"(?![a-zß-ÿ])[^\W\d_][\w'’\-]{1,30})[ \t]+family(?![\w])")


# A child named by a parent's relation to them: "faren til Sindre", "a mãe do Tomás", "la mère de Léa",
# "de mama van Noor", "Mutter von Jonas", "mum of Freddie".
_KIN_OF_WORDS = ("mum", "mom", "mother", "dad", "father", "mama", "papa", "mamma", "pappa", "moren", "faren", "mora",
                 "mãe", "pai", "mère", "père", "madre", "padre", "mutter", "vater", "moeder", "vader", "matka",
                 "ojciec", "äiti", "isä")
_KIN_OF_RE = re.compile(
    r"(?<![\w])(?i:mum|mom|mother|dad|father|mama|papa|mamma|pappa|moren|faren|mora|mor|far|mãe|pai|mère|père|madre"
    r"|padre|mutter|vater|moeder|vader|matka|ojciec|äiti|isä)[ \t]+(?i:of|til|do|da|de|du|van|von|di|del|della|av|fra)"
    rf"[ \t]+{_NAME}"
)


def _kin_named(cue: str, name: str) -> bool:
    """Whether the words after "mother of"/"faren til" name a child: a listed given name, not a place or a
    capitalised noun ("the mother of Parliaments", "pai da Arrendatária")."""
    first = name.split()[0]
    return first in FIRST_NAMES and first not in AMBIGUOUS_GIVEN_NAMES  # not "pai da Arrendatária"


# Code credits its people: "@author Ewa Nowicka", "# Maintainer: Piotr Zieliński <pz@…>".
_AUTHOR_RE = re.compile(rf"(?:@author|@maintainer|(?i:maintainer|maintained by|written by)[ \t]*:?)[ \t]+{_NAME}")
_HEADER_PERSON_RE = re.compile(
    rf"(?m)^[ \t>]*(?:Da|A|De|Para|Von|An|Van|Aan|Från|Till|Fra|Til|Od|Do|À|Cc|Inviato da)[ \t]*:[ \t]*{_NAME}[ \t]*(?=[<(\n]|$)"
)

_SIGNOFFS = (
    r"Regards|Best regards|Kind regards|Warm regards|Best wishes|Best|Cheers|Thanks|Many thanks|Thank you"
    r"|Sincerely|Yours sincerely|Yours truly|Yours faithfully|Respectfully|Mit freundlichen Grüßen"
    r"|Freundliche Grüße|Viele Grüße|Beste Grüße|Liebe Grüße|Grüße|Gruß|LG|VG|MfG|Cordialement"
    r"|Bien cordialement|Bien à vous|Amitiés|Un saludo|Saludos|Saludos cordiales|Atentamente|Un abrazo"
    r"|Cordiali saluti|Distinti saluti|Saluti|Un caro saluto|Groetjes|Met vriendelijke groet|Groeten"
    r"|Pozdrawiam|Z poważaniem|Atenciosamente|Abraços|Cumprimentos|Med vänliga hälsningar|Hälsningar"
    r"|Mvh|Med venlig hilsen|Saygılarımla|S pozdravem|Merci d'avance|Merci|Danke|Vielen Dank|Gracias"
    r"|Grazie|Obrigad[oa]|Dank je|Bedankt|Dziękuję|Tack|Teşekkürler"
    r"|Ystävällisin terveisin|Parhain terveisin|Terveisin|Kiitos|Lugupidamisega|Parimate soovidega|Pagarbiai"
    r"|Su pagarba|Ar cieņu|Ar labiem vēlējumiem|Cu stimă|Cu respect|Toate cele bune|Lep pozdrav|Lp|S spoštovanjem"
    r"|Srdačan pozdrav|S poštovanjem|Lijep pozdrav|Pozdrav|Me respekt|Faleminderit|Bestu kveðjur|Með kveðju|Kveðja"
    r"|Hormat saya|Salam hormat|Terima kasih|Vriendelike groete|Groete|Baie dankie|Vennlig hilsen|Med vennlig hilsen"
    r"|Venlig hilsen|Kærlig hilsen|De bedste hilsner|Hilsen|Salamat|Lubos na gumagalang|Sveikinimai"
    r"|Με εκτίμηση|Με φιλικούς χαιρετισμούς|Φιλικά|Ευχαριστώ πολύ|Ευχαριστώ|Με σεβασμό|Χαιρετισμούς"
    r"|С уважением|С наилучшими пожеланиями|Заранее спасибо|Спасибо|З повагою|З найкращими побажаннями|Дякую"
    r"|Поздрави|Благодаря|С уважение|Със уважение|Хвала|Срдачан поздрав"
)
_SIGNOFF_RE = re.compile(rf"(?im)^[ \t>]*(?:{_SIGNOFFS})[ \t]*[,!.]?[ \t]*\n[ \t>]*{_NAME}[ \t]*$")
# The same on one line, where a comma separates them and the name ends the line: "Groetjes, Joost".
_SIGNOFF_INLINE_RE = re.compile(rf"(?im)^[ \t>]*(?:{_SIGNOFFS})[ \t]*,[ \t]*{_NAME}[ \t]*[.!]?[ \t]*$")

# "Hälsningar Elin", "Groetjes Joost": the sign-off and the name on one line, without a comma.
_SIGNOFF_SPACE_RE = re.compile(rf"(?im)^[ \t>]*(?:{_SIGNOFFS})[ \t]+{_NAME}[ \t]*[.!]?[ \t]*$")
# Turkish puts the title after the name: "Derya Hanım", "Serkan Bey".
_POST_TITLE_RE = re.compile(
    r"(?<![\w])(?P<name>(?:(?![a-zß-ÿçğışü])[^\W\d_][\w'’\-]+[ \t]+){1,2})(?:Bey|Hanım|Hanim|Beyefendi|Hanımefendi)(?![\w])"
)

_INTRO_RE = re.compile(
    r"(?i:my name is|my name's|mein name ist|ich heiße|ich heisse|je m'appelle|je m’appelle|me llamo"
    r"|mi nombre es|mi chiamo|il mio nome è|mijn naam is|ik heet|nazywam się|mam na imię|meu nome é"
    r"|chamo-me|jag heter|mitt namn är|benim adım"
    r"|ég heiti|mitt navn er|jeg hedder|jeg heter|minun nimeni on|nimeni on|mano vardas|mani sauc|mă numesc"
    r"|numele meu este|ime mi je|zovem se|unë jam|nama saya|ang pangalan ko ay|my naam is|мене звати"
    r"|меня зовут|казвам се|με λένε|ονομάζομαι|jmenuji se|volám sa|a nevem)"
    rf"[ \t]+{_NAME}"
)

_INTRO_HINTS = ("name", "heiß", "heiss", "appelle", "llamo", "nombre", "chiamo", "nome", "naam", "heet",
                "nazywam", "imię", "chamo", "heter", "namn", "adım", "heiti", "navn", "hedder", "nimeni", "vardas",
                "sauc", "numesc", "numele", "ime mi", "zovem", "unë jam", "nama saya", "pangalan", "звати",
                "зовут", "казвам", "λένε", "ονομάζομαι", "jmenuji", "volám", "a nevem")
# Roles a record names a person by ("HR: Ilse", "Esihenkilö: Ville Korhonen"): one listed given name
# after one of these is enough.
_ROLE_KEYS = (
    "hr", "manager", "line manager", "supervisor", "team lead", "lead", "coach", "tutor", "teacher", "trainer",
    "esihenkilö", "führungskraft", "vorgesetzte", "vorgesetzter", "leidinggevende", "kierownik", "przełożony",
    "handledare", "chef", "responsable", "referente", "encargado", "encargada", "jefe", "jefa", "gerente",
    "teamleider", "teamleiter", "teamleiterin", "betreuer", "betreuerin", "tutor", "mentor", "reviewer",
    "approver", "on-call", "oncall", "host", "organiser", "organizer", "nurse", "therapist", "gp",
    "coordinator", "co-ordinator", "venue coordinator", "operator", "mc", "treasurer", "secretary", "captain",
    "caretaker", "receptionist", "instructor", "planner", "physio", "assistant", "pa",
)
_FIELDS_PERSON = (
    r"full[_ ]?name|first[_ ]?name|last[_ ]?name|given[_ ]?name|surname|family[_ ]?name|fullname"
    r"|firstname|lastname|customer[_ ]?name|client[_ ]?name|patient(?:[_ ]?name)?|employee[_ ]?name"
    r"|contact[_ ]?name|account[_ ]?holder|cardholder|card[_ ]?holder|applicant|tenant|landlord"
    r"|passenger|guest[_ ]?name|student[_ ]?name|sender[_ ]?name|recipient[_ ]?name|beneficiary"
    r"|(?:nom i cognoms|nombre y apellidos|nome e cognome|nom et prénom|nome completo|nombre completo)"
    r"(?:[ \t][^\n:=]{0,25}?)?"  # "Nom i cognoms del jugador/a: …"
    r"|cliente|nombre|nombre completo|apellidos?|nom|prénom|nom complet|vorname|nachname|kunde"
    r"|nome|cognome|nome completo|naam|voornaam|achternaam|imię|nazwisko|klient|pacjent|patient"
    r"|chair|chairperson|complainant|claimant|respondent|defendant|plaintiff|witness|insured"
    r"|fdo\.?|firmado|signed|signé|unterzeichnet|firma|podpis|caller|requester|requested by|submitted by"
    r"|policyholder|borrower|guarantor|next[_ ]of[_ ]kin|emergency[_ ]contact|assignee|reporter|author"
    r"|signed[_ ]by|attn|attention|bewerber|antragsteller|mieter|vermieter|solicitante|inquilino"
    r"|pracownik|pracownica|mitarbeiter(?:in)?|werknemer|medewerker|dipendente|lavoratore|lavoratrice|empleado|empleada"
    r"|funcionári[oa]|salarié|salariée|employé|employée|anställd|ansatt|ansat|zaměstnanec|çalışan"
    r"|driver|fahrer(?:in)?|sjåfør|chauffeur|chauffør|conductor|autista|kierowca|förare|motorista|buddy|mentor"
    r"|candidat|kandidat|candidato|candidata|kandydat|kandydatka"
    r"|contact person|ansprechpartner(?:in)?|persona de contacto|persona di riferimento|personne à contacter"
    r"|osoba kontaktowa|contactpersoon|kontaktperson|(?:figlia|figlio|familiare|parente) di riferimento"
    # names, employees, recipients and the insured in Baltic, Nordic, Balkan, Malay, Tagalog, Cyrillic, Greek
    r"|vardas|pavardė|vardas ir pavardė|darbuotoja|darbuotojas|vārds|uzvārds|darbinieks|darbiniece|nimi|työntekijä"
    r"|nafn|kona hans|maður hennar|emri|mbiemri|emri dhe mbiemri|ime|prezime|ime i prezime|ime in priimek|priimek"
    r"|nume|prenume|nume și prenume|nama|nama penuh|nama lengkap|pangalan|pasyente|ім'я|прізвище|піб|отримувач"
    r"|отримувачка|одержувач|имя|фамилия|фио|получатель|име|фамилия|получател|όνομα|επώνυμο|ονοματεπώνυμο"
    r"|ασφαλισμένος|ασφαλισμένη|παραλήπτης|nev|név|munkavállaló|ad soyad|adı soyadı"
    r"|from|to|cc|customer|client|employee|contact|" + "|".join(_ROLE_KEYS)
)
# "name" alone is every other key in code; it needs a value that looks like a full name.
_FIELD_RE = re.compile(
    rf"(?i:(?<![\w])(?P<key>{_FIELDS_PERSON}|name))[\"']?[ \t]*(?P<op>[:=]|=>)[ \t]*[\"']?(?-i:{_NAME})"
    r"(?=[\"'<,;)\n]|[ \t]*$|[ \t]+[(<\[]|[ \t]+(?:from|of|at|z|ze|aus|von|van|från|fra|fr\.|de|da|di)[ \t])",
    re.M,
)

# "my son Michael", "customer Ahmed Khan", "Herr Müller's colleague Jan Novak"
_RELATIONS = (
    r"son|daughter|wife|husband|partner|mother|father|mum|mom|dad|brother|sister|grandmother|grandfather"
    r"|grandson|granddaughter|uncle|aunt|cousin|niece|nephew|colleague|coworker|co-worker|manager|boss"
    r"|supervisor|neighbour|neighbor|friend|landlord|tenant|customer|client|patient|employee|candidate"
    r"|Sohn|Tochter|Ehefrau|Ehemann|Mutter|Vater|Bruder|Schwester|Kollege|Kollegin|Nachbar|Nachbarin"
    r"|Kunde|Kundin|Patient|Patientin|Mitarbeiter|Mitarbeiterin|abuela|abuelo|madre|padre|hijo|hija"
    r"|hermano|hermana|esposa|esposo|compañero|compañera|vecino|vecina|cliente|paciente|fils|fille"
    r"|mère|père|frère|sœur|collègue|voisin|voisine|figlio|figlia|madre|padre|collega|vicino|vicina"
    r"|zoon|dochter|collega|buurman|buurvrouw|syn|córka|żona|mąż|kolega|przełożony|pracownik|pracownica"
    r"|driver|courier|technician|engineer|nurse|teacher|lawyer|accountant|contractor|plumber|electrician"
    r"|landlady|housemate|flatmate|roommate|mari|femme|épouse|copain|copine|colega|marido|esposa|mulher"
    r"|marito|moglie|Freund|Freundin|vriend|vriendin|kollega|sambo|fru|monteur|technicus|Techniker"
    r"|officer|agent|rep|representative|adviser|advisor|consultant|dispatcher|atendente|notario|notaire|Notar"
    r"|operator|coordinator|co-ordinator|PA|assistant|physio|Physio|receptionist|caretaker|instructor|treasurer"
    r"|compagnon|compagne|conjoint|conjointe|compagno|compagna|fidanzato|fidanzata|novio|novia|pareja"
    r"|namorado|namorada|companheiro|companheira|Lebensgefährte|Lebensgefährtin|Verlobte|Verlobter"
    r"|fiancé|fiancée|fiance|narzeczony|narzeczona|vriendje|kæreste|kjæreste|pojkvän|flickvän"
    r"|broren|bror|søsteren|søster|mannen|kona|sønnen|datteren|faren|moren|vennen|venninnen|naboen|kollegaen"
    r"|brodern|systern|dottern|sonen|pappa|mamma"
    # kin and household in more languages: "oma Riet", "il cugino Gigi", "tio Zé", "Eşim Zeynep"
    r"|oma|opa|tante|oom|neef|nicht|zus|broer|schoonmoeder|schoonvader|cugino|cugina|zio|zia|nonno|nonna"
    r"|nipote|suocera|suocero|tio|tia|tío|tía|primo|prima|sobrino|sobrina|suegra|suegro|nieto|nieta"
    r"|avó|avô|filho|filha|irmão|irmã|sobrinho|sobrinha|neto|neta|sogra|sogro|oncle|cousin|cousine|neveu"
    r"|nièce|grand-mère|grand-père|belle-mère|beau-père|Onkel|Tante|Oma|Opa|Cousin|Cousine|Neffe|Nichte"
    r"|Schwiegermutter|Schwiegervater|Enkel|Enkelin|eşim|Eşim|kızım|oğlum|annem|babam|ablam|abim|kardeşim"
    r"|teyzem|halam|amcam|dayım|syna|córki|brat|brata|siostra|siostry|mama|babcia|dziadek|ciocia|wujek"
    r"|sąsiad|sąsiadka|fiul|fiica|soția|soțul|sora|fratele|mama|tata|bunica|bunicul|vecinul|vecina"
    r"|vaimo|mies|poika|tytär|veli|sisko|äiti|isä|naapuri|isännöitsijä|mormor|morfar|farmor|farfar"
    r"|teamleider|leidinggevende|collega's|fotograaf|photographer|fotografo|fotógrafo|photographe|Fotograf"
    r"|babysitter|nanny|cleaner|gardener|tutor|coach|trainer|physio|therapist|caseworker|carer|caregiver"
    # more kin and address words: Nordic aunts and uncles, Tagalog, Māori, a Romanian priest
    r"|moster|faster|morbror|farbror|kuya|tita|tito|lola|lolo|whaea|matua|părintele|preotul"
)
# Kin words of other languages open a list item or a sentence capitalised ("- Mormor Grethe kommer",
# "Nonna Pina"); unlike English relation words ("Customer Success") they head no department's name.
_CAPITALISED_KIN = (
    "oma opa tante oom cugino cugina zio zia nonno nonna tio tia tío tía primo prima abuela abuelo avó avô babcia"
    " dziadek ciocia wujek bunica bunicul mormor morfar farmor farfar moster faster morbror farbror kuya tita tito"
    " whaea matua părintele preotul"  # not "Lola", which is also a given name ("Lola's 80th" is grandma's)
).split()
_KIN_SET = frozenset(
    """son daughter wife husband mother father mum mom dad brother sister hijo hija madre padre esposa esposo
    hermano hermana abuela abuelo fils fille mère père frère sœur figlio figlia marito moglie zoon dochter
    filho filha mulher marido irmão irmã syn syna córka córki brat siostra żona mąż sohn tochter""".split()
)
# "Zara's dad", "Amrit's wife": a name, then the relation it owns.
_POSSESSOR_RE = re.compile(
    r"(?<![\w@])(?P<name>(?![a-zß-ÿ])[^\W\d_][\w\-]+(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w\-]+)?)['’]s[ \t]+"
    r"(?:dad|mum|mom|mother|father|wife|husband|son|daughter|brother|sister|grandma|grandpa|nan|partner"
    r"|boyfriend|girlfriend|fiancé|fiancée|mum-in-law|aunt|uncle|cousin|niece|nephew|kids|children)(?![\w])"
)
# Case-sensitive: "Customer Success" is a department heading, "customer Ahmed Khan" a person.
_RELATION_WORDS = _alternatives(_RELATIONS)
# Case-sensitive, as the cue is: "customer Ahmed Khan" is a person, "Customer Success" a heading.
_RELATION_SET = frozenset(_RELATIONS.split("|")) | {w.capitalize() for w in _CAPITALISED_KIN}
# A capitalised word, then the relation word before it is looked up (cheaper than scanning the
# long alternation of relation words at every position).
_SENTENCE_END_BEFORE_RE = re.compile(r"(?:^|[.!?\n])[ \t]*\Z")
_CAP_NAME_START_RE = re.compile(r"(?<=[ \t(])(?![a-zß-ÿ])[^\W\d_]")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w\-]*)[ \t]+\Z")
# "(hija, Rocío)", "my son, Michael": a kinship word, a comma, the name.
_WORD_COMMA_BEFORE_RE = re.compile(r"([^\W\d_][\w\-]*)(?:,[ \t]+|[ \t]+\()\Z")
_NAME_AT_RE = re.compile(_NAME)
# Norwegian, Danish and Swedish put the possessive after the relation: "broren min Håkon".
_NORDIC_POSSESSIVES = frozenset("min mi mitt mine din di ditt sin hans hennes vår".split())


def _relation_people(text: str) -> Iterator[Finding]:
    """"my son Michael", "customer Ahmed Khan", "Herr Müller's colleague Jan Novak", "Zara's dad"."""
    for m in _POSSESSOR_RE.finditer(text) if "'s " in text or "’s " in text else ():
        span = _clean_name(text, m.start("name"), m.end("name"))
        if span is None:
            continue
        opens_sentence = m.start() == 0 or _SENTENCE_END_BEFORE_RE.search(text, max(0, m.start() - 3), m.start())
        if text[span[0] : span[1]] in FIRST_NAMES or not opens_sentence:  # "Mum's friend" opens one
            yield Finding("PERSON", span[0], span[1], 0.7, DETECTOR)
    for m in _CAP_NAME_START_RE.finditer(text):
        if not m.group(0).isupper():
            continue
        prev = _WORD_BEFORE_RE.search(text, max(0, m.start() - 24), m.start())
        if prev is not None and prev.group(1) in _NORDIC_POSSESSIVES:  # "broren min Håkon"
            prev = _WORD_BEFORE_RE.search(text, max(0, prev.start() - 24), prev.start())
        if prev is None and (text[m.start() - 1] == "(" or text[m.start() - 2 : m.start() - 1] == ","):
            prev = _WORD_COMMA_BEFORE_RE.search(text, max(0, m.start() - 24), m.start())
            if prev is not None and (prev.group(1) not in _KIN_SET or prev.group(1)[0].isupper()):
                continue  # only a lower-case kinship word may stand before a comma and the name
        if prev is None or prev.group(1) not in _RELATION_SET:
            continue
        name = _NAME_AT_RE.match(text, m.start())
        span = _clean_name(text, m.start(), name.end()) if name else None
        if span and prev.group(1).lower() in _BUSINESS_RELATIONS:
            first = text[span[0] : span[1]].split()[0]
            if first not in FIRST_NAMES and first not in LAST_NAMES:
                continue  # "le client Maison Dufresne", "customer Acme": a firm is a customer too
        if span and text[span[0] : span[1]].split()[0].rstrip(".") in _LEGAL_FORM_WORDS:
            continue  # "Gold Coast Physio Co": the firm's legal form, not a physio's name
        if span:
            yield Finding("PERSON", span[0], span[1], 0.7, DETECTOR)


_BUSINESS_RELATIONS = frozenset("customer client cliente kunde kundin klient klant".split())
_LEGAL_FORM_WORDS = frozenset("Co Ltd Inc LLC Pty Plc PLC GmbH AG SA BV NV Group Limited Corp".split())


# A capital after four lower-case letters: code, not McDonald / MacArthur / DeShawn.
_CAMEL_RE = re.compile(r"[a-z]{4}[A-Z]")


# Chat transcripts: "> Karl Heinz Vogel (10:15): …", "[09:12] Ana Souza: …". WhatsApp exports add the date, with or without the
# year, and an emoji: "[14/03/2024, 19:03] Tolu 🇳🇬: ask deji", "[12/6 21:14] Carmen: …".
_SPEAKER_RE = re.compile(
    rf"(?m)^[ \t>]*(?:{CHAT_STAMP}[ \t\-]*"
    rf"{_NAME}(?:[ \t]*[^\w\s:]{{1,8}})?[ \t]*:"
    rf"|(?P<name2>{_NAME_BODY})[ \t]*\({CLOCK}\)[ \t]*:)"
)


def _clean_name(text: str, start: int, end: int, *, allow_lower: bool = False) -> tuple[int, int] | None:
    """Trim the candidate to its name words: stop at the first word that cannot be part of a name."""
    words = list(re.finditer(r"\S+", text[start:end]))
    kept_end = None
    for i, w in enumerate(words):
        word = w.group(0)
        low = word.lower().strip(".")
        if re.fullmatch(_PARTICLE, low) and 0 < i < len(words) - 1:
            if words[i + 1].group(0).rstrip(".,;:") in _PLACES:
                break  # "Nicolas Favre de Lausanne": a name, then where they are from
            continue
        if low in MONTHS_DAYS and i == 0 and i + 1 < len(words) and words[i + 1].group(0)[:1].isupper() \
                and words[i + 1].group(0).strip(".,;:") in LAST_NAMES:
            kept_end = start + w.end()
            continue  # "Mr. Sunday Eze", "Monday Okafor": days are given names too
        if low in NOT_NAMES or low.endswith(_GROUP_NOUN_ENDINGS):
            break
        if not word[0].isupper() and not (allow_lower and low not in FUNCTION_WORDS and not any(
                c.isupper() for c in text[start : start + w.start()])):
            break  # a lower-case word ends a capitalised name ("Camille Dubois et j'habite")
        if word.isupper() and len(word.strip(".")) > 1:
            break  # "API", "ACME", "URGENT": an acronym or shouting, not a name
        if _CAMEL_RE.search(word) or ("-" in word and re.search(r"(?:^|-)[^\W\d_](?:-|$)", word)):
            break  # "WorldHandler", "D-Bus": identifiers and product names
        kept_end = start + w.end()
    if kept_end is None:
        return None
    if re.fullmatch(_PARTICLE, text[start:kept_end].lower().strip(".")):
        return None  # "mijn zoon van acht": a particle alone is no name
    while kept_end > start and text[kept_end - 1] in ".'’-":
        if text[kept_end - 1] == "." and kept_end - start >= 2 and text[kept_end - 2].isupper() and (
                kept_end - start == 2 or not text[kept_end - 3].isalpha()):
            break  # keep the dot of a trailing initial ("John F.")
        kept_end -= 1
    return (start, kept_end) if kept_end > start else None


# People who write without capitals still cue their names: "our manager keith", "ms kowalczyk",
# "his name is gary", "my cousin ngozi's", "aunt bev", "grandpa joe's", "hi derek,". A lower-case word counts only when the name lists
# know it, since "my colleague from" or "ms excel" are not names.
_LOWER_CUE_RE = re.compile(
    rf"(?<![\w@])(?:(?P<title>mr|mrs|ms|miss|dr|prof|herr|frau|pan|pani|sr|sra)\.?|(?:name is|name's|called|named)"
    rf"|(?:my|our|his|her|their|mein|meine|mon|ma|mi|mio|mia|minha|meu|mijn|moja|mój|min)[ \t]+(?:{_RELATIONS}))"
    r"[ \t]+(?P<name>[a-zß-ÿ][a-zß-ÿ'’\-]{1,30})(?:[ \t]+(?P<last>[a-zß-ÿ][a-zß-ÿ'’\-]{1,30}))?"
)


# Lower-case given names that are prepositions too: Italian and Catalan "per" (for) after
# "nonna" is no Swedish Per ("il trucco della nonna per una carbonara").
_LOWER_PREPOSITION_NAMES = frozenset({"per"})


def _lower_listed(word: str, *, surname: bool) -> bool:
    cap = word.capitalize()
    if word in FUNCTION_WORDS or word in NOT_NAMES or cap in AMBIGUOUS_GIVEN_NAMES or word in _LOWER_PREPOSITION_NAMES:
        return False
    return cap in FIRST_NAMES or (surname and cap in LAST_NAMES)


# "hi derek,", "aunt bev", "grandpa joe's": greeting and kinship words before a lower-case name,
# searched only where one of those words stands (a token test is cheaper than the alternation).
_GREETING_KIN_WORDS = frozenset(
    """hi hey hiya hello dear thanks thx oye obrigada obrigado valeu dzięki gracias grazie danke merci tack takk
    kiitos köszi aunt auntie aunty uncle grandpa grandma granny grandad granddad nana
    nanna cousin tante onkel oma opa tía tío tia tio zia zio nonna nonno babcia dziadek ciocia wujek tata
    mamma mormor farmor morfar farfar""".split()
)
_LOWER_GREETING_KIN_RE = re.compile(
    r"(?<![\w@])(?:" + "|".join(sorted(_GREETING_KIN_WORDS, key=len, reverse=True)) + r")[ \t]+"
    r"(?P<name>[a-zß-ÿ][a-zß-ÿ'’\-]{1,30})(?:[ \t]+(?P<last>[a-zß-ÿ][a-zß-ÿ'’\-]{1,30}))?"
)


# Turkish puts the title after the name, in chats in lower case too: "hakan bey", "ayşe hanım", "kaan abi".
_LOWER_POST_TITLE_RE = re.compile(r"(?<![\w@])(?P<name>[a-zçğışöüâî]{2,30})[ \t]+(?:bey|hanım|hanim|abi|abla|hoca)(?![\w])")


def find_lower_case_people(text: str) -> Iterator[Finding]:
    """Lower-case names after a title, a relation, a greeting, a kinship word or "name is", or
    before a Turkish title, when the name lists know them."""
    yield from _lower_cued(text, _LOWER_CUE_RE)
    low = text.lower()
    if " bey" in low or " han" in low or " ab" in low or " hoca" in low:
        yield from _lower_cued(text, _LOWER_POST_TITLE_RE)
    if not _GREETING_KIN_WORDS.isdisjoint(text.lower().split()):
        yield from _lower_cued(text, _LOWER_GREETING_KIN_RE)


def _lower_cued(text: str, rx: re.Pattern[str]) -> Iterator[Finding]:
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        pos = max(m.start("name"), m.start() + 1)  # the name may itself be a cue: "hi dr. moreau"
        name = m.group("name")
        if re.fullmatch(_PARTICLE, name):
            continue  # "mijn zoon van acht": "van" is a particle, not the son's name
        if not _lower_listed(name.rstrip("'’s") if name.endswith(("'s", "’s")) else name,
                             surname=m.groupdict().get("title") is not None):
            continue
        end = m.end("name")
        if name.endswith(("'s", "’s")):
            end -= 2
        last = m.groupdict().get("last")
        if last and last.capitalize() in LAST_NAMES and last not in FUNCTION_WORDS and last not in NOT_NAMES:
            end = m.end("last")
        yield Finding("PERSON", m.start("name"), end, 0.75, DETECTOR)


# Catalan puts an article before a name, elided before a vowel: "la mare de l'Arnau Puigdomènech",
# "L'Arnau no podrà anar"; French and Catalan elide "de" too: "la fille d'Inès". A listed given
# name that is no place, then its surname.
_ELIDED_NAME_RE = re.compile(
    r"(?<![\w])[lLdD]['’](?P<given>[A-ZÀ-Þ][a-zà-ÿ]+)(?:[ \t]+(?P<surname>[A-ZÀ-Þ][a-zà-ÿ\-]+))?(?![\w'’])"
)
# In Catalan the article stands before any name: "La Montse Vilaró portarà la farmaciola", "en Jordi".
_CATALAN_ARTICLE_NAME_RE = re.compile(
    r"(?<![\w])(?:la|La|el|El|en|En|na|Na)[ \t]+(?P<given>[A-ZÀ-Þ][a-zà-ÿ]+)(?:[ \t]+(?P<surname>[A-ZÀ-Þ][a-zà-ÿ\-]+))?(?![\w'’])"
)
_CATALAN_RE = re.compile(r"(?<![\w])(?:amb|però|perquè|aquest|aquesta|dels|farà|podrà|portarà|tenim|gràcies|sóc)(?![\w])")


def _elided_people(text: str) -> Iterator[Finding]:
    matches = list(_ELIDED_NAME_RE.finditer(text)) if "'" in text or "’" in text else []
    if _CATALAN_RE.search(text):
        matches += _CATALAN_ARTICLE_NAME_RE.finditer(text)
    for m in matches:
        given, surname = m.group("given"), m.group("surname")
        if given not in FIRST_NAMES or given in AMBIGUOUS_GIVEN_NAMES or given in _PLACES:
            continue
        before = re.search(r"([^\W\d_]+)[ \t]+\Z", text[max(0, m.start() - 30) : m.start()])
        if before and before.group(1)[0].isupper() and before.group(1).lower() not in FUNCTION_WORDS:
            continue  # "Coeur d'Alene", "Val d'Isère": the rest of a place's name
        end = m.end("surname") if surname and (surname in LAST_NAMES or surname not in _PLACES
                                               and surname.lower() not in FUNCTION_WORDS) else m.end("given")
        yield Finding("PERSON", m.start("given"), end, 0.75, DETECTOR)


# Hungarian writes the family name first: "Szabó Eszter", "Kovács Péter".
_HU_NAME_RE = re.compile(r"(?<![\w\-])(?P<family>[A-ZÁÉÍÓÖŐÚÜŰ][a-záéíóöőúüű]+)[ \t]+(?P<given>[A-ZÁÉÍÓÖŐÚÜŰ][a-záéíóöőúüű]+)(?![\w\-])")


def _hungarian_names(text: str) -> Iterator[Finding]:
    """A listed family name, then a listed given name, in Hungarian text ("Helyettem Szabó Eszter megy")."""
    if "hu" not in case_languages(text):
        return
    pos = 0
    while (m := _HU_NAME_RE.search(text, pos)) is not None:
        family, given = m.group("family"), m.group("given")
        if family in LAST_NAMES and family not in FIRST_NAMES and given in FIRST_NAMES and given not in LAST_NAMES:
            yield Finding("PERSON", m.start(), m.end(), 0.75, DETECTOR)
            pos = m.end()
        else:
            pos = m.start("given")  # "Helyettem Szabó Eszter": the pair may start at the second word


def find_people(text: str) -> Iterator[Finding]:
    """PERSON spans announced by a title, greeting, sign-off, introduction, field or relation."""
    yield from _elided_people(text)
    if not text.isascii():
        yield from _hungarian_names(text)
    for m in _SPEAKER_RE.finditer(text) if ":" in text else ():
        g = "name" if m.group("name") is not None else "name2"
        span = _clean_name(text, m.start(g), m.end(g))
        if span and text[span[0]:span[1]].lower() not in ROLE_LABELS:  # "[00:04] Caller:" is a role
            yield Finding("PERSON", span[0], span[1], 0.8, DETECTOR)
    low = text.lower()
    # Cheap gates keep the long alternations off text that cannot match: a title or relation
    # word must be one of the text's words, and an introduction has one of its stems.
    tokens = {t.strip(".,;:!?()[]\"«»").lower() for t in _TOKEN_SPLIT_RE.split(text)}
    gates = (not _TITLE_WORDS.isdisjoint(tokens), True, "\n" in text, "," in text,
             any(k in low for k in _INTRO_HINTS))
    if not _RELATION_WORDS.isdisjoint(tokens):
        yield from _relation_people(text)
    header = ":" in text and _SUBJECT_KEY_RE.search(text) is not None
    for gate, (rx, score, allow_lower) in zip(
            (*gates, "named" in low or "name" in low or "nam" in low or "llamad" in low or "chiamat" in low
             or "appel" in low or "kallad" in low or "imieniu" in low or "genannt" in low, header,
             "\n" in text, "Bey" in text or "Han" in text, "@author" in low or "maint" in low or "written by" in low,
             not _THANKS_WORDS.isdisjoint(tokens), "family" in low, any(k in low for k in _KIN_OF_WORDS)),
            ((_TITLE_RE, 0.85, False), (_GREETING_RE, 0.8, False), (_SIGNOFF_RE, 0.8, False),
             (_SIGNOFF_INLINE_RE, 0.8, False), (_INTRO_RE, 0.85, True), (_NAMED_RE, 0.75, False),
             (_HEADER_PERSON_RE, 0.8, False), (_SIGNOFF_SPACE_RE, 0.8, False), (_POST_TITLE_RE, 0.8, False),
             (_AUTHOR_RE, 0.8, False), (_THANKS_RE, 0.75, False), (_FAMILY_RE, 0.75, False),
             (_KIN_OF_RE, 0.8, False))):
        if not gate:
            continue
        for m in rx.finditer(text):
            if not starts_word(text, m.start()):
                continue
            for g in ("name", "name2"):
                if g not in rx.groupindex or m.group(g) is None:
                    continue
                span = _clean_name(text, m.start(g), m.end(g), allow_lower=allow_lower)
                if span and rx is _KIN_OF_RE and not _kin_named(text[m.start() : span[0]], text[span[0] : span[1]]):
                    continue
                if span and text[span[0] : span[1]].split()[-1].lower() in COMPANY_WORDS:
                    yield Finding("ORGANIZATION", span[0], span[1], score, DETECTOR)  # "Kind regards,\nCornish Coastal Lets"
                elif span:
                    yield Finding("PERSON", span[0], span[1], score, DETECTOR)
                    if rx is _GREETING_RE and (more := _AND_NAME_RE.match(text, span[1])):
                        second = _clean_name(text, more.start("name"), more.end("name"))
                        if second:  # "Beste Sanne en Joris,"
                            yield Finding("PERSON", second[0], second[1], score, DETECTOR)
    if "\n" in text:
        yield from _caps_headings(text)
    for m in _SHOUTED_TITLE_RE.finditer(text) if "MR" in text or "MS" in text or "DR" in text else ():
        words = m.group("name").split()
        while words and words[-1].lower() in NOT_NAMES:
            words.pop()
        if words and any(_listed_shouted(w) for w in words):
            yield Finding("PERSON", m.start("name"), m.start("name") + len(" ".join(words)), 0.8, DETECTOR)
    if ":" not in text and "=" not in text:
        return
    roles: Counter[str] | None = None
    for m in _FIELD_RE.finditer(text):
        key = m.group("key").lower()
        if key in ("to", "cc"):
            continue  # recipients are as often companies and teams as people
        if roles is None:
            roles = Counter(r.lower() for r in _LINE_KEY_RE.findall(text))
        if roles[key] >= 2 and not _all_listed(text[m.start("name") : m.end("name")]):
            continue  # "CALLER: No, that got cancelled" — a transcript's role, then what was said
        span = _clean_name(text, m.start("name"), m.end("name"))
        if not span:
            continue
        n_words = len(text[span[0] : span[1]].split())
        if key in _ROLE_KEYS and n_words == 1 and (text[span[0] : span[1]] not in FIRST_NAMES
                                                   or text[span[0] : span[1]] in AMBIGUOUS_GIVEN_NAMES):
            continue  # "Manager: Kubernetes", "Lead: Design": one word must be a given name
        if key in ("name", "from", "customer", "client", "employee", "contact", "nombre", "nom", "nome", "naam",
                   "namn", "navn", "imię", "imie") and n_words < 2:
            continue  # "name: Widget", "From: Sales" — one word is not enough for generic keys
        if key == "name" and m.group("op") != ":":
            continue  # name = 'Roboconf Graph' is a display name in code; records use "name": …
        if text[span[0] : span[1]].split()[-1].lower() in COMPANY_WORDS:
            yield Finding("ORGANIZATION", span[0], span[1], 0.8, DETECTOR)  # "From: Kestrel Design Studio"
            continue
        yield Finding("PERSON", span[0], span[1], 0.8, DETECTOR)


# A title and a name in capitals, as legal letters and forms write them: "OUR CLIENT, MRS. FOLASADE
# ADEBAYO-JOHNSON", "DEAR MR JAMES OKORO". A listed name among the words makes it a person.
_SHOUTED_TITLE_RE = re.compile(
    r"(?<![\w])(?:MR|MRS|MS|MISS|DR|PROF|MESSRS)\.?[ \t]+(?P<name>[A-Z][A-Z'’\-]+(?:[ \t]+[A-Z][A-Z'’\-]+){0,2})(?![\w])"
)


def _listed_shouted(word: str) -> bool:
    parts = word.title().split("-")
    return all(p in FIRST_NAMES or p in LAST_NAMES for p in parts)


_LINE_KEY_RE = re.compile(r"(?m)^[ \t>*]*(?:\[[^\]\n]{1,24}\][ \t]*)?([^\W\d_][\w ]{1,20}?)[ \t]*:")


def _all_listed(value: str) -> bool:
    """Whether the first two words of a field's value are all in the name lists."""
    words = value.split()[:2]
    return bool(words) and all(w.strip(".,") in FIRST_NAMES or w.strip(".,") in LAST_NAMES for w in words)


# --- addresses --------------------------------------------------------------------------------

_CAP = r"[^\W\d_][\w'’.\-]*"
_EN_STREET = (
    r"Street|St|Road|Rd|Avenue|Ave|Av|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace"
    r"|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Close|Crescent|Cres|Grove|Row|Walk|Mews"
    r"|Gardens|Gdns|Hill|Park|Rise|Vale|View|Green"
)
_STREET_WORD = r"[^\W\d_][\w'’\-]*"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"
_US_STATE_ZIP = r"[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?"
_UNIT = r"(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#)\.?[ \t]*[\w\-]+|\d+º[ \t]*\w?|apto\.?[ \t]*\d+\w?)"
# A city is capitalised words, joined by the small words of place names ("Freiburg im Breisgau",
# "Stratford-upon-Avon", "Castellammare di Stabia"); a lower-case word after it ("Amsterdam is mijn",
# "Berlin teilen") is the sentence going on. (The lookahead skips lower-case starts cheaply.)
_CITY_WORD = r"(?![a-zß-ÿ])[^\W\d_]+(?:['’.\-][^\W\d_]+)*(?![\w])"
_CITY_JOIN = r"(?:[ \t\-]+(?:im|am|an[ \t]der|am[ \t]der|upon|on|sur|sous|lès|les|le|la|de|del|della|di|da|do|dos|en|aan|op|den|bei|ob))?"
_CITY = rf"{_CITY_WORD}(?:{_CITY_JOIN}[ \t\-]+{_CITY_WORD}){{0,3}}"

_EN_ADDRESS_RE = re.compile(
    rf"(?<![\w])(?:(?:{_UNIT}|[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*){{0,3}}),[ \t]*)?"  # Flat 4, / The Old Rectory,
    rf"\d{{1,6}}[A-Za-z]?[ \t]+(?P<street>(?:[NSEW]\.?[ \t]+)?(?:{_STREET_WORD}[ \t]+){{1,4}})(?:{_EN_STREET})\.?(?![\w])"
    rf"(?:,?[ \t]*{_UNIT})?"
    rf"(?:,[ \t]*{_CITY}(?:,?[ \t]+(?:{_US_STATE_ZIP}|{_UK_POSTCODE})"
    rf"|,[ \t]*{_CITY}(?:,?[ \t]+(?:{_US_STATE_ZIP}|{_UK_POSTCODE}))?)?)?"
)
# Continental: "Goethestraße 9", "Rheinische Straße 36", "Via Garibaldi 17", "Calle de Alcalá 128",
# "Rua das Flores 87", optionally ", 04109 Leipzig".
_DE_STREET = (r"(?!(?:Spring|String|Offering|Bearing|Herring|Earring|Keyring)\b)(?![a-zß-ÿ])[^\W\d_][\w\-]*"
              r"(?:straße|strasse|str\.|weg|platz|allee|gasse|(?<![aeio])ring|damm|ufer|chaussee|steig|pfad|markt|straat"
              r"|laan|plein|gracht|kade|vej|gade|gatan|vägen|väg|veien|gata|katu|kuja|tie)")
_PREFIX_STREET = (
    r"Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Rue|Avenue|Av\.|Avda\.?|Boulevard|Bd|Bld|Place|Chemin"
    r"|Allée|Impasse|Quai|Calle|C/|Avenida|Plaza|Paseo|Carrer|Camino|Ronda|Rua|Travessa|Praça|Largo|Alameda"
    r"|ul\.|ulica|al\.|aleja|plac|Straße|Strasse|Polígono Industrial|Polígono|Pol\. Ind\.|Urbanización|Urb\."
    r"|Carretera|Ctra\.|Travesía|Glorieta|Pasaje|Camí|Estrada|Rodovia"
)
_POSTCODE_CITY = rf"(?:[A-Z]{{1,2}}-)?\d{{4,5}}(?:-\d{{3}})?(?:[ \t]+[A-Z]{{2}})?[ \t]+{_CITY}"
_CONT_ADDRESS_RE = re.compile(
    rf"(?<![\w])(?:(?:{_DE_STREET})|(?:[A-Z][\w\-]*[ \t]+(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse))"
    rf"|(?:(?:{_PREFIX_STREET})[ \t]+(?:(?:de|del|della|di|da|do|das|dos|la|le|les|des|du|van|dei|degli)[ \t]+)*{_CAP}(?:[ \t]+{_CAP}){{0,3}}))"
    rf"(?:,?[ \t]+(?:(?:nave|local|km\.?|n\.?º|nº)[ \t]*)?\d{{1,4}}[A-Za-z]?(?:[/\-]\d{{1,4}})?|[ \t]+s/n)"
    rf"(?:,[ \t]*{_UNIT}(?:[ \t]*\w+)?)?"
    rf"(?:,?[ \t]+(?:{_POSTCODE_CITY}|{_CITY}(?:[ \t]+-[ \t]+[A-Z]{{2}})?(?:,[ \t]*\d{{5}}-\d{{3}})?))?"
)

# French, Belgian, Swiss and Québécois addresses put the number first and write the street type in lower
# case: "14 rue des Lilas, 69003 Lyon", "4520 rue Saint-Denis, Montréal, QC H2J 2L3".
_FR_STREET_TYPE = r"rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|route|cours|square|rond-point"
_NUM_FIRST_ADDRESS_RE = re.compile(
    rf"(?<![\w])\d{{1,5}}(?:[ \t]?(?:bis|ter)\b)?,?[ \t]+(?i:{_FR_STREET_TYPE})[ \t]+"
    rf"(?:(?:de|du|des|la|le|les|l'|l’|d'|d’)[ \t]*)*[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:[ \t\-]+[A-ZÀ-ÖØ-Þ][\w'’.\-]*){{0,3}}"
    rf"(?:,?[ \t]+{_POSTCODE_CITY}|,[ \t]*(?=[A-ZÀ-ÖØ-Þ]){_CITY}(?:,[ \t]*[A-Z]{{2}}(?:[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)?)?)?"
)


# Turkish: "Atatürk Cad. No: 45 D: 3, 35210 Konak/İzmir", "Bağdat Caddesi No: 214 D: 6, 34728 Kadıköy/İstanbul".
_TR_STREET = r"Caddesi|Cad\.|Cd\.|Sokak|Sokağı|Sok\.|Sk\.|Bulvarı|Blv\.|Mahallesi|Mah\.|Yolu"
_TR_HINT_RE = re.compile(r"Cad|Cd\.|Sok|Sk\.|Bulvar|Blv\.|Mah|Yolu")
_TR_ADDRESS_RE = re.compile(
    rf"(?<![\w])(?:{_CAP}[ \t]+){{1,3}}(?:{_TR_STREET})(?:[ \t,]+(?:{_CAP}[ \t]+){{1,3}}(?:{_TR_STREET}))?"
    rf",?[ \t]+No[:.]?[ \t]*\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})?"
    rf"(?:[ \t,]+(?:D|Daire|Kat|K)[:.]?[ \t]*\d{{1,4}})*"
    rf"(?:,?[ \t]+\d{{5}}[ \t]+{_CITY}(?:/{_CITY})?)?"
)


# Streets without a type word, anchored by the postcode that follows: "Na Příkopě 1034/18, 110 00
# Praha 1", "Storgatan 12, 114 55 Stockholm", "Długa 14/6, 80-827 Gdańsk", "Kerkstraat 12, 1017 GB
# Amsterdam".
_POSTCODE_ADDRESS_RE = re.compile(
    rf"(?<![\w])(?!(?:Version|Release|Chapter|Page|Step|Item|Room|Table|Figure|Section|Level|Phase|Vol|Order"
    rf"|Invoice|Ticket|Issue|Build|Sprint|Week|Day|Year|Part|Kapitel|Seite|Teil|Nr|No)\b)"
    rf"(?![a-zß-ÿ])[^\W\d_][\w'’.\-]*(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w'’.\-]*){{0,3}}[ \t]+"
    rf"\d{{1,4}}[A-Za-z]?(?:[/\-]\d{{1,4}}[A-Za-z]?)?,[ \t]*"
    rf"(?:\d{{3}}[ \t]\d{{2}}|\d{{2}}-\d{{3}}|\d{{4}}[ \t]?[A-Z]{{2}}|\d{{4,5}})[ \t]+{_CITY}(?:[ \t]+\d{{1,2}}(?!\w|\.\d))?"
)


def _street_words_ok(words: str) -> bool:
    """Street names are capitalised words ("Kingsley", "West 37th"), not a sentence ("June. Signed by")."""
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "de", "la")
               for w in words.split())


def find_addresses(text: str) -> Iterator[Finding]:
    """Street addresses: a street type with a house number, optionally unit, city and postcode."""
    if not any(c.isdigit() for c in text):
        return
    tr = "No" in text and _TR_HINT_RE.search(text) is not None
    for rx in (_EN_ADDRESS_RE, _CONT_ADDRESS_RE, _NUM_FIRST_ADDRESS_RE, _POSTCODE_ADDRESS_RE,
               *((_TR_ADDRESS_RE,) if tr else ())):
        for m in rx.finditer(text):
            if rx is _EN_ADDRESS_RE and not _street_words_ok(m.group("street")):
                continue
            end = m.end()
            while end > m.start() and text[end - 1] in " \t,.-":
                end -= 1
            yield Finding("LOCATION", _after_leading_organisation(text, m.start(), end), end, 0.8, DETECTOR)


def _after_leading_organisation(text: str, start: int, end: int) -> int:
    """Where an address starts when its first part names the organisation at it ("Kingsmead Medical
    Practice, 14 Orchard Lane, …", "Liffeyside Lettings, 48 Baggot Street"): the organisation is a
    party of its own, and the place starts after its comma."""
    comma = text.find(",", start, end)
    if comma < 0 or any(c.isdigit() for c in text[start:comma]):
        return start
    head = text[start:comma]
    if any(f.type == "ORGANIZATION" and f.end == len(head.rstrip()) for f in find_organizations(head)):
        nxt = comma + 1
        while nxt < end and text[nxt] in " \t":
            nxt += 1
        return nxt
    return start


# --- records: columns and fields that say what a value is ----------------------------------------

_PERSON_COLUMN_RE = re.compile(
    r"(?i)^(?:full_?name|first_?name|last_?name|given_?name|surname|family_?name|member|customer"
    r"|customer_?name|client|client_?name|employee|employee_?name|patient|patient_?name|contact"
    r"|contact_?name|student|guest|passenger|applicant|nombre|apellidos?|nom|prénom|prenom|vorname"
    r"|nachname|kunde|nome|cognome|naam|voornaam|achternaam|imię|imie|nazwisko|namn|fornavn|etternavn"
    # Hungarian, Finnish, Czech, Turkish, Romanian, Croatian, Greek, Portuguese/Spanish full names
    r"|teljes_?név|vezetéknév|keresztnév|nimi|etunimi|sukunimi|jméno|jmeno|příjmení|ad_?soyad|adı_?soyadı|soyad"
    r"|nume|prenume|nume_?complet|ime_?i_?prezime|prezime|ονοματεπώνυμο|επώνυμο|nome_?completo|nombre_?completo"
    # the people of a club, a school, a tenancy or a form, with or without "name": "player", "parent_name", "guardian_2"
    r"|(?:player|parent|guardian|child|mother|father|spouse|next_?of_?kin|emergency_?contact|athlete|pupil|resident"
    r"|tenant|landlord|attendee|participant|volunteer|teacher|witness|caregiver|carer|beneficiary|student|member"
    r"|spieler|elternteil|eltern|schüler|erziehungsberechtigte[rn]?|joueur|joueuse|élève|jugador|jugadora|alumno"
    r"|alumna|tutor|giocatore|genitore|alunno|speler|ouder|leerling|zawodnik|rodzic|uczeń|spelare|förälder|elev)"
    r"(?:_?(?:full_?)?name|_?[12])?)$"
)
# Lower-case literals one of which every person/place column name contains: substring tests on
# the lower-cased text are far cheaper than a case-insensitive alternation.
_PERSON_HINTS = ("name", "member", "customer", "client", "employee", "patient", "contact", "student", "guest",
                 "passenger", "applicant", "nombre", "apellido", "nom", "vorname", "kunde", "nome", "naam",
                 "imi", "nazwisko", "namn", "navn", "név", "nev", "nimi", "jm", "soyad", "nume", "ime", "isim",
                 "όνομα", "επώνυμο", "player", "parent", "guardian", "child", "mother", "father", "spouse", "kin",
                 "athlete", "pupil", "resident", "tenant", "landlord", "attendee", "participant", "volunteer",
                 "teacher", "witness", "carer", "caregiver", "beneficiary", "spieler", "eltern", "schüler",
                 "erziehungs", "joueu", "élève", "jugador", "alumn", "tutor", "giocatore", "genitore", "speler",
                 "ouder", "leerling", "zawodnik", "rodzic", "uczeń", "spelare", "förälder", "elev")
# "name" alone also heads parameter tables ("name,value\nmax_tokens,1024") and product lists
# ("sku,name,qty"); it is a person's name only beside a column about people.
_NAME_COLUMN_RE = re.compile(r"(?i)^(?:name|names|naam|nom|nome|nombre|namn|navn|név|nev|ime|isim|όνομα)$")
_PEOPLE_COLUMN_RE = re.compile(
    r"(?i)mail|phone|tel|mobile|cell|dob|birth|ssn|address|street|city|town|post|zip|dept|department"
    r"|title|role|position|job|salary|gender|sex|age|manager|team|employ|hire|nationality|company"
    r"|employer|iban|account|card|patient|member|telefon|geburt|adresse|ciudad|ville|città|cidade"
    r"|város|cég|cim|cím|puhelin|sähköposti|kaupunki|şehir|sehir|firma|oraș|oras|grad|πόλη|τηλέφωνο"
)
_PLACE_COLUMN_RE = re.compile(
    r"(?i)^(?:x_)?(?:city|town|village|stadt|ort|wohnort|ciudad|ville|città|citta|cidade|miasto|stad|by|kaupunki"
    r"|város|varos|település|şehir|sehir|il|ilçe|oraș|oras|localitate|grad|mjesto|město|mesto|obec|πόλη"
    r"|colonia|bairro|barrio|neighbou?rhood|district|quartier|stadtteil|wijk|dzielnica|suburb|borough|municipio"
    r"|comuna|mun|lgr|logradouro|calle|rue|strasse|straße|straat|gata|gade|ulica"
    r"|address|home_?address|street|street_?address|adresse|anschrift|dirección|direccion|indirizzo"
    r"|endereço|endereco|adres|residence|municipality|gemeinde|localidad|località|localite|localité"
    r"|location|office|branch|standort|sede|sucursal|filiale|country|land|pays|país|pais|paese|kraj|region"
    r"|state|province|provincia|bundesland|county|linn|comune|kommune|kommun|kunta|paikkakunta|gmina"
    r"|miejscowość|miejscowosc|plaats|woonplaats|población|poblacion|sted|bydested|hometown"
    r"|(?:address_?)?line_?[123]|address_?[123]|addr_?[123]?|street_?[12]|address_?line_?[123])$"
)
# An address line may start with its house number ("22 Wyndham Arcade"); other place fields start with a capital.
_ADDRESS_LINE_KEY_RE = re.compile(r"(?i)^(?:address_?)?line_?[123]$|^address_?[123]$|^addr_?[123]?$|^street_?[12]$|^address_?line_?[123]$")
_PLACE_HINTS = ("line1", "line2", "line_1", "addr", "country", "land", "pays", "país", "pais", "paese", "kraj", "region", "state", "provinc",
                "colonia", "bairro", "barrio", "neighb", "district", "quartier", "stadtteil", "wijk", "dzielnica",
                "suburb", "borough", "municipio", "comuna", "xmun", "xlgr", "logradouro",
                "county", "city", "town", "village", "stadt", "ort", "ciudad", "ville", "citt", "cidade", "miasto", "stad",
                "kaupunki", "address", "street", "adress", "anschrift", "direcci", "indirizzo", "endere", "adres",
                "residence", "municipality", "gemeinde", "local", "office", "branch", "standort", "sede",
                "sucursal", "filiale", "város", "varos", "települ", "şehir", "sehir", "ilçe", "oraș", "oras",
                "localitate", "grad", "mjesto", "město", "mesto", "obec", "πόλη", "linn", "comune", "kommun",
                "kunta", "gmina", "miejscowo", "plaats", "poblaci", "sted")
# Found from the colon (a literal the regex engine can scan for), the key read backwards.
_FIELD_VALUE_RE = re.compile(r""":[ \t]*(?P<q>["'])(?P<value>[^"'\n]{2,80})(?P=q)""")
_FIELD_KEY_RE = re.compile(r"""(?P<key>[\w\-]{2,40})["']?[ \t]*\Z""")
_XML_FIELD_RE = re.compile(r"<(?P<key>[\w:\-]{2,40})>(?P<value>[^<>\n]{2,80})</(?P=key)>")
# A person's full name under a key that says whose it is, in JSON/YAML (": ") or a log line ("="):
# "EscalationContact": "Grace Achterberg", display_name="Hunter Blackwood", owner: 'Rosa Díaz'.
_KV_VALUE_RE = re.compile(r"""(?P<key>[\w\-]{2,40})["']?[ \t]*(?::|=)[ \t]*(?P<q>["'])(?P<value>[^"'\n]{3,60})(?P=q)""")
_PERSON_KEY_END_RE = re.compile(
    r"(?:^|_)(?:contact|contact_name|display_name|displayname|full_name|fullname|owner|owner_name|author|author_name"
    r"|assignee|reporter|requester|manager|holder|account_holder|cardholder|signatory|recipient|sender_name"
    r"|customer_name|client_name|employee_name|user_name_full|approver|reviewer)$"
)
_FULL_NAME_VALUE_RE = re.compile(r"(?![a-zß-ÿ])[^\W\d_][\w'’\-]+(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w'’\-.]*){1,3}")
# A calendar attendee or organiser: "ATTENDEE;CN=Lucy Brannigan;ROLE=…", "ORGANIZER;CN=\"Ali Khan\":mailto:…".
_ICAL_CN_RE = re.compile(r"(?m)^(?:ATTENDEE|ORGANIZER)[^\n:]*?;CN=\"?(?P<value>[^;:\"\n]{3,60})\"?[;:]")
_X509_PLACE_RE = re.compile(r"(?:(?<=[/,])|(?<=, ))(?:L|ST)=([^/,=\"'\n+]{2,60})(?=[/,\"'\n]|$)")
_CELL_OK_RE = re.compile(r"^[^\W\d_][^\d@/\\<>{}\[\]=|_]{1,79}$")  # no digits, no identifiers


def _cell_entity(text: str, start: int, end: int, typ: str) -> Finding | None:
    """A cell under a name or place column: letters (any case), at most six words."""
    while start < end and text[start] in " \t\"'":
        start += 1
    while end > start and text[end - 1] in " \t\"'\r":
        end -= 1
    cell = text[start:end]
    if not cell or len(cell.split()) > 6:
        return None
    if typ == "PERSON" and not _CELL_OK_RE.match(cell):
        return None
    if typ == "LOCATION" and (not re.search(r"[^\W\d_]{2}", cell) or (len(cell) <= 3 and cell.isupper())):
        return None  # "ZA", "USA" in a country column are codes, not written places
    if cell.lower() in NOT_NAMES or cell.lower() in ("null", "none", "n/a", "na", "-", "true", "false"):
        return None
    # The column says what the cell is, which outweighs a model's guess at the type of one word.
    return Finding(typ, start, end, 0.9, DETECTOR)


def _xml_key(tag: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", tag.split(":")[-1]).lower().replace("-", "_")


def _xml_record_entities(text: str) -> Iterator[Finding]:
    """Place and person elements of an XML record: "<xBairro>Jardim Paulistano</xBairro>",
    "<GivenName>Adaeze</GivenName>", and "<name>" where the record is about a person (a birth
    date, an e-mail or a phone beside it)."""
    fields = [(m, _xml_key(m.group("key"))) for m in _XML_FIELD_RE.finditer(text)]
    about_people: bool | None = None
    for m, key in fields:
        value = m.group("value")
        if not value[:1].isupper():
            continue
        if _PLACE_COLUMN_RE.match(key):
            typ = "LOCATION"
        elif _PERSON_COLUMN_RE.match(key):
            typ = "PERSON"
        elif _NAME_COLUMN_RE.match(key):
            if about_people is None:
                about_people = any(_PEOPLE_COLUMN_RE.search(k) for _, k in fields if not _NAME_COLUMN_RE.match(k))
            if not about_people:
                continue  # "<name>build-tools</name>" in a Maven POM
            typ = "PERSON"
        else:
            continue
        f = _cell_entity(text, m.start("value"), m.end("value"), typ)
        if f:
            yield f


def _place_columns(text: str) -> Iterator[Finding]:
    """Cells of a column whose name does not say "place" ("store", "site", "linn") but whose cells
    mostly are known places: then every cell in it is a place ("Duluth", then "Superior")."""
    if "\n" not in text:
        return
    for name, cells in table_columns(text):
        if _PLACE_COLUMN_RE.match(name) or _PERSON_COLUMN_RE.match(name) or _NAME_COLUMN_RE.match(name):
            continue  # named columns are read by their name
        values = [(a, b) for a, b in cells if text[a:b].strip(" \t\"'\r")]
        known = sum(known_place_name(text[a:b].strip(" \t\"'\r")) for a, b in values)
        if known < 2 or known * 10 < len(values) * 6:
            continue
        for a, b in values:
            if text[a:b].strip(" \t\"'")[:1].isupper() and (f := _cell_entity(text, a, b, "LOCATION")):
                yield f


def find_record_entities(text: str) -> Iterator[Finding]:
    """Cells under name/place columns of CSV and SQL tables, and name/place fields of JSON/YAML."""
    low = text.lower()
    for column, hints, typ in ((_PERSON_COLUMN_RE, _PERSON_HINTS, "PERSON"),
                               (_NAME_COLUMN_RE, _PERSON_HINTS, "PERSON"),
                               (_PLACE_COLUMN_RE, _PLACE_HINTS, "LOCATION")):
        if any(h in low for h in hints):
            beside = _PEOPLE_COLUMN_RE if column is _NAME_COLUMN_RE else None
            for a, b in tabular_fields(text, column, beside=beside):
                f = _cell_entity(text, a, b, typ)
                if f and column is _NAME_COLUMN_RE:
                    cell = text[f.start : f.end]
                    if not (cell[0].isupper() or len(cell.split()) >= 2):
                        continue  # a lower-case single word under "name" is a parameter
                if f:
                    yield f
    yield from _place_columns(text)
    if ":" in text or "=" in text:
        for m in _KV_VALUE_RE.finditer(text):
            key = re.sub(r"([a-z])([A-Z])", r"\1_\2", m.group("key")).lower().replace("-", "_")
            value = m.group("value").strip()
            if _PERSON_KEY_END_RE.search(key) and _FULL_NAME_VALUE_RE.fullmatch(value) \
                    and not any(w.lower() in COMPANY_WORDS or w.lower() in NOT_NAMES for w in value.split()) \
                    and not value.isupper():  # "owner: Platform Team" is a team
                yield Finding("PERSON", m.start("value"), m.start("value") + len(value), 0.8, DETECTOR)
    if "CN=" in text:
        for m in _ICAL_CN_RE.finditer(text):
            if _FULL_NAME_VALUE_RE.fullmatch(m.group("value").strip()):
                yield Finding("PERSON", m.start("value"), m.start("value") + len(m.group("value").strip()), 0.8, DETECTOR)
    if "L=" in text or "ST=" in text:  # X.509 subjects: "/C=DE/ST=Bayern/L=München/O=…"
        for m in _X509_PLACE_RE.finditer(text):
            f = _cell_entity(text, m.start(1), m.end(1), "LOCATION")
            if f:
                yield f
    if "</" in text and any(h in low for h in (*_PLACE_HINTS, *_PERSON_HINTS)):
        yield from _xml_record_entities(text)
    if ":" in text:  # JSON/YAML records; ``location = "template"`` in code is not a place
        for m in _FIELD_VALUE_RE.finditer(text):
            k = _FIELD_KEY_RE.search(text, max(0, m.start() - 45), m.start())
            if k is None:
                continue
            key = re.sub(r"([a-z])([A-Z])", r"\1_\2", k.group("key")).lower().replace("-", "_")
            if _PLACE_COLUMN_RE.match(key) and (m.group("value")[:1].isupper() or (
                    _ADDRESS_LINE_KEY_RE.match(key) and any(c.isalpha() for c in m.group("value")))):
                f = _cell_entity(text, m.start("value"), m.end("value"), "LOCATION")
                if f:
                    yield f
            elif (key in _NAME_PART_KEYS or (key in ("first", "last") and '"first"' in text and '"last"' in text)) \
                    and _NAME_PART_VALUE_RE.fullmatch(m.group("value")) and m.group("value").lower() not in NOT_NAMES:
                yield Finding("PERSON", m.start("value"), m.end("value"), 0.85, DETECTOR)  # "surname": "TAN"


# Keys of a record that hold a part of a person's name, whatever its case: "surname": "TAN", "given": "Wei Ming".
_NAME_PART_KEYS = frozenset(
    """surname last_name lastname family_name familyname given given_name givenname given_names first_name firstname
    forename forenames middle_name vorname nachname prenom prénom apellido apellidos cognome""".split())
# (not "nombre", "nome": a thing's name as often as a person's, as "name" is)
_NAME_PART_VALUE_RE = re.compile(r"[^\W\d_][\w'’\-]*(?:[ \t][^\W\d_][\w'’\-]*){0,2}")


def find_context_entities(text: str) -> list[Finding]:
    """PERSON, LOCATION and ORGANIZATION findings from context cues (unmerged)."""
    found = _context_entities(text)
    if "tiếng" in text:  # "tiếng Anh" is English, not a person named Anh
        found = [f for f in found if not (f.type == "PERSON" and names_a_language(text, f.start))]
    return found


# A name object in JSON: "name": {"first": "Ngozi", "last": "Eze-Obi"}: its parts, whatever their keys.
_NAME_OBJECT_RE = re.compile(r"\"(?:full_?)?[Nn]ame\"[ \t]*:[ \t]*\{(?P<body>[^{}]{1,300})\}")
_NAME_PART_RE = re.compile(
    r"\"(?:first|last|given|family|middle|other|preferred)\"[ \t]*:[ \t]*\"(?P<v>[^\"\\\n]{1,60})\""
)


def _json_name_parts(text: str) -> Iterator[Finding]:
    if '"name' not in text and '"Name' not in text and '"full' not in text:
        return
    for obj in _NAME_OBJECT_RE.finditer(text):
        for m in _NAME_PART_RE.finditer(text, obj.start("body"), obj.end("body")):
            value = m.group("v")
            if value[:1].isalpha() and not any(c.isdigit() for c in value):
                yield Finding("PERSON", m.start("v"), m.end("v"), 0.85, DETECTOR)


def _context_entities(text: str) -> list[Finding]:
    return [*find_people(text), *_json_name_parts(text), *find_addresses(text), *find_organizations(text),
            *find_places(text), *find_vietnamese_people(text), *find_vietnamese_places(text),
            *find_record_entities(text), *find_listed_names(text), *find_roster_names(text),
            *find_lower_case_people(text), *find_bare_places(text), *find_dateline_places(text),
            *find_framed_places(text), *find_comma_towns(text), *find_country_abbreviations(text),
            *find_attributive_places(text), *find_site_known_places(text), *find_site_places(text),
            *find_venues(text), *find_natural_places(text), *find_home_places(text), *find_place_fields(text),
            *find_street_names(text), *find_uncased_entities(text),
            *find_inflected_places(text), *find_inflected_names(text), *find_place_lists(text)]

"""Organisations announced by their form, without a model.

A company carries its legal form ("Nordwind Shipping GmbH", "Ege Tekstil San. ve Tic. A.Ş."), an
institution its kind ("Riverside Medical Centre", "Ospedale San Giovanni Bosco", "Okresnímu soudu v
Olomouci"), a shop or firm its trade ("Pastelería Ochoa", "Bezorgdienst Vlot"); a field names one
("Employer: Desert Bloom Grocers"), a sole trader trades as one, a municipality is an authority
("gemeente Utrecht", "Sundsvalls kommun"). The name is read backwards from a legal form or tail
word, forwards from a head word, and ends where the capitalised words do.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from ..types import Finding
from ._common import COMMON_EN
from ._names import FIRST_NAMES, LAST_NAMES
from .names import title_case_document
from .parties import find_parties
from .statements import find_statement_entities
from .words import FUNCTION_WORDS, IRISH_COUNTIES, NOT_NAMES, STREET_HEADS, TITLES, after_capitalised_word, starts_word

__all__ = ["find_organizations"]

DETECTOR = "pattern"

_ORG_WORD_RAW = r"(?:[^\W_][\w'’\-]*\.?|&|\+)"
_LEGAL_FORM = (
    r"GmbH & Co\. KG|gGmbH|GmbH|AG|KG|OHG|GbR|UG|e\.V\.|Inc\.?|Incorporated|Ltd\.?|Limited|LLC|L\.L\.C\."
    r"|LLP|PLC|plc|Corp\.?|Corporation|Co\.|S\.A\.S\.|SAS|SARL|S\.à r\.l\.|S\.A\.|S\.L\.|S\.r\.l\.|SRL|Srl|AS"
    r"|S\.p\.A\.|SpA|B\.V\.|BV|N\.V\.|NV|Oyj|Oy|AB|ASA|A/S|ApS|\(Pty\) Ltd|Pty Ltd|Pty|Ltda\.?|Lda\.?|ehf\.?"
    r"|Sp\. z o\.o\.|sp\. z o\.o\.|s\.r\.o\.|a\.s\.|Kft\.|Zrt\.|d\.o\.o\.|S\.C\."
    r"|A\.Ş\.|Ltd\. Şti\.|Şti\."
    # Estonian, Malaysian, Indonesian, Albanian, Icelandic, Hungarian, South Slavic, Greek, Bulgarian
    r"|OÜ|Sdn\.? Bhd\.?|Berhad|Bhd\.?|Tbk\.?|sh\.p\.k\.|sh\.a\.|hf\.|Bt\.|Nyrt\.|d\.d\.(?![ \t]*\d)|Α\.Ε\.|Ε\.Π\.Ε\.|ΙΚΕ|ЕООД|ООД|ЕАД"
)
# "Co. Cork", "Co Down": Ireland's counties, which a company's "Co." never precedes.
_IRISH_COUNTY_RE = re.compile(rf"[ \t]+(?:{IRISH_COUNTIES})(?![\w])")
_LEGAL_FORM_RE = re.compile(rf"(?:{_LEGAL_FORM})[,;]?")
# A word of a company name is never itself a legal form: "Google Inc. HuggingFace Inc." is two.
_ORG_WORD = rf"(?!(?:{_LEGAL_FORM})(?![\w]))" + _ORG_WORD_RAW
_LEGAL_FORM_FIND_RE = re.compile(rf"(?:{_LEGAL_FORM})(?![\w])")
_ORG_BODY_TAIL_RE = re.compile(rf"(?<![\w&])(?P<org>{_ORG_WORD}(?:[ \t]+{_ORG_WORD}){{0,4}}),?[ \t]+\Z")
_INSTITUTION_TAIL = (
    r"Hospital|Clinic|Klinik|Klinikum|Medical Cent(?:re|er)|Health Cent(?:re|er)|Care Home|Nursing Home"
    r"|Council|University|College|Academy|Bank|Dental|Family Doctors|Surgery|Pharmacy|Apotheke"
    r"|Primary School|High School|Primary|Foundation|Stiftung|Institute|Institut"
    r"|Solicitors|Advokatbyrå|Advocaten|Insurance|Mutual|Assurance|Versicherung|Versicherungen|Logistics|Shipping"
    r"|Freight|Consulting|Associates|Analytics|Estates|Realty|Properties|Builders|Construction|Bakery|Bakeries"
    r"|Grocers|Surveys|Building Society|Credit Union|Housing Association|Nursery|Kindergarten|Elementary"
    r"|Elementary School|Middle School|National School|Secondary School|Infant School|Energy|Foods|Health"
    r"|Travel|Telecom|Broadband|Haulage|Accountancy|Accountants|Architects|Family Medicine|Solar|Leisure Trust"
    r"|Ziekenhuis|Kraft|Logistik|Spedition|Bauunternehmung|Immobilien|Versorgung|Stadtwerke|Makelaardij"
    r"|Advocats|Abogados|Avocats|Avvocati|Rechtsanwälte|Advogados|Adwokaci|Union|Trade Union|Gewerkschaft"
    r"|Photography|Studios|Productions|Partners|Holdings|Ventures|Consultants|Plumbing|Electrical|Roofing"
    r"|Landscaping|Removals|Motors|Recruitment|Lettings|Catering|School of [A-Z][a-z]+|Hochschule|Hogeschool|Universiteit"
    r"|Police|Constabulary|Hire|Rentals|Brokerage|Imobiliária|Immobilier|Immobiliare|Parkering|Forsikring|Försäkring"
    r"|Opleidingen|Patrimoine|Sistemi|Sistemas|Tekstil|Instal|Wspólnicy|Partneři|Partner|Associati|Asociados|Associés"
    r"|Söhne|Sons|Coaches|Couriers|Taxis|Florists|Opticians|Veterinary Surgery|Vets"
    r"|Bürosu|Derneği|Vakfı|Hastanesi|Üniversitesi|Belediyesi|Okulu|Şirketi"
    r"|Infirmary|Medical Practice|Dental Practice|GP Practice|Veterinary Practice|Family Practice|Health Centre|Interiors|Electronics|Bakehouse"
    r"|Property Management|Lettings Agency|Estate Agents|County Court|Magistrates' Court|Crown Court|Commission"
    r"|& Company|& Co|School|Surgery|Water|Recovery|Cargo|Kargo|Courier|Outdoors"
    r"|Co-operative|Cooperative|Railway|Railways|Airlines|Airways|Banks|Repairs|Tours|Mart|Parish|Credit Co-operative"
    r"|Labs|Technologies|Robotics|Exporters|Importers|Distributors|Manufacturing|Industries|Pharmaceuticals"
    r"|Therapeutics|Innovations|Supplies|Wholesale|Warehousing|Hauliers|Contractors|Joinery|Brewery|Distillery|Dairy"
    r"|Autos|Garage|Softworks|Software|Books|Bookshop|Booksellers|Retail|Physio|Physiotherapy|Club|Klub|Kulübü"
    r"|Ballklubb|Fotballklubb|Idrettslag|Idrottsförening|Sportverein|Turnverein|Charter|Juniors|Rovers|Wanderers"
    r"|Cukrászda|Hivatal|Polgármesteri Hivatal|Önkormányzat|Harriers|Athletic Club|Freightways|Hospice"
    r"|Turizm|Autószerviz|Pojišťovna|pojišťovna|Mieterverein|Ministry of [A-Z][a-z]+(?: [A-Z][a-z]+)?"
    r"|Textiles|Traders|Enterprises|Garments|Jewellers|Caterers|Chemists|Furnishings|SACCO|Sacco"
    r"|Egyetem|Főiskola|Kórház|Gimnázium|Óvoda|Fair Trading|Tenancies Board|Authority|Ombudsman|Kurier"
    r"|Services|Group|Outfitters|Hardware|Lawyers|Network|Fund|Larder|Funeral Home"
    r"|Funeral Directors|Aged Care|Panelbeaters|Army|Navy|Air Force"
    r"|Association|Society|Federation|League|Tribunal|Land Registry|Registry|GAA|Gaels|RFC|Hurling Club"
    r"|Studio(?# a product's 'Visual Studio' is dropped in _organizations)"
)
# Found from the institution word (a literal the regex engine scans for quickly), the name before
# it read backwards, as for legal forms.
_INSTITUTION_TAIL_FIND_RE = re.compile(rf"(?:{_INSTITUTION_TAIL})(?![\w])")
# Tails that also end ordinary phrases ("Customer Services", "Working Group", "Hardship Fund"): the
# words before them must be capitalised and one of them no frequent English word ("Harbourline
# Property Group", "Hackney Community Larder").
_GENERIC_TAILS = frozenset(
    "Services Group Outfitters Hardware Lawyers Network Fund Larder Army Navy Association Society Federation League"
    " Registry".split() + ["Air Force"])  # "the Parents' Association", "Academic Registry": a part of a body


def _named_body(words: list[str]) -> bool:
    words = [w for w in words if w not in ("&", "and", "of", "the")]
    return bool(words) and all(w[:1].isupper() for w in words) and any(
        w.strip(",.'’").lower() not in COMMON_EN for w in words if w not in ("The", "A", "An"))
_INSTITUTION_BODY_RE = re.compile(rf"(?<![\w&])(?P<org>{_ORG_WORD}(?:[ \t]+{_ORG_WORD}){{0,3}})[ \t]+\Z")
_INSTITUTION_HEAD_RE = re.compile(
    r"(?<![\w])(?P<org>(?P<head>Ospedale|Hôpital|Hospital|Clínica|Clinica|Klinikum|University of|Universidad|"
    r"Université|Universität|Università|Universidade|Banco|Banca|Banque|Grupo|Gruppo|Groupe|Inmobiliaria|Boulangerie"
    r"|Clinique|Pharmacie|Farmacia|Farmácia|Autohaus|Gartencenter|Bäckerei|Escola|École|Colegio|Colégio"
    r"|Instituto|Stichting|Fundación|Fundação|Associação|Asociación|Mutuelle|Cabinet|Kancelaria|Przychodnia"
    r"|Spółdzielnia|Spółdzielni|Zakład|Studio|Hausverwaltung|Immobilienverwaltung|Pastificio|Fakultní nemocnice"
    r"|Nemocnice|Polícia|Policía|Polizia|Polizei|Powiatowy Inspektorat|Powiatowego Inspektoratu|Klinik|AZ|UZ"
    r"|Department for|Department of(?= (?:Education|Health|Justice|Labor|Labour|Transport|Transportation|Revenue"
    r"|Agriculture|Defense|Defence|Homeland|Motor Vehicles|Social|Human Services|Housing|Veterans|Finance|Environment"
    r"|Corrections|Children|Public|State|the Treasury|Energy|Commerce|the Interior|Work and Pensions|Foreign|Home"
    r"|Immigration))|Grundschule|Gymnasium|Oleificio|Caseificio|Azienda|Cooperativa|Caisse|Caixa"
    r"|Sparkasse|Volksbank|Hoogheemraadschap|Waterschap|Zorgverzekeraar|Ilustre Colegio|Kita|Kindergarten"
    r"|Ecole|Scuola|Liceo|Istituto|Szkoła|Przedszkole|Skola|Skolan|Vårdcentralen|Tandvården|Tribunale|Tribunal"
    r"|Juzgado|Amtsgericht|Landgericht|Arbeitsgericht|Rechtbank|Sąd|Tingsrätt|Centre Hospitalier|Centro de Salud"
    r"|Praxis|Agencia|Agence|Agenzia|Advokátní kancelář|Advokátní kanceláře|Okresní soud|Okresnímu soudu|Okresního soudu"
    r"|Krajský soud|Krajskému soudu|Krajského soudu|Městský soud|Obvodní soud"
    r"|Régie|Szpital|Szpitala|Szpitalu|Urząd|Urzędu|Urzędzie|Pâtisserie|Boucherie|Fromagerie|Librairie"
    # trades and firms named by what they do, in the languages of the gateway's users
    r"|Pasticceria|Panetteria|Macelleria|Salumeria"  # (restaurants and bars are venues: places.py)
    r"|Cartoleria|Tabaccheria|Lavanderia|Ferramenta|Carrozzeria|Autofficina|Cartiera|Trasporti|Autotrasporti"
    r"|Impresa Edile|Atelier|Menuiserie|Plomberie|Charcuterie|Quincaillerie|Imprimerie|Maçonnerie|Transports"
    r"|Auto-école|Padaria|Pastelaria|Construtora|Transportes|Construcciones|Talleres|Steuerkanzlei|Anwaltskanzlei"
    r"|Kanzlei|Fachhochschule|Fahrschule|Physiotherapie|Zahnarztpraxis|Fysio|Fysiotherapie|Woonstichting"
    r"|Woningcorporatie|Huisartsenpraktijk|Tandartspraktijk|Ikastola|Drukarnia|Piekarnia|Cukiernia|Hurtownia"
    # insurers, care and public bodies, schools by their national acronyms (IES, CEIP, OBS, CBS)
    r"|Seguros|Seguradora|Towarzystwo|Sanatorio|Hôpitaux|Hospices|Caja|Immobiliare|Makelaardij|Officina"
    r"|Citizens Advice|Friends of|Rotary Club of|Lions Club of|Mieterverein|Verbraucherzentrale"
    r"|Condominio|Condomínio|Boligselskabet|Boligforeningen|Borettslaget|Bostadsrättsföreningen|Ministerio de"
    r"|Ministério d[aoe]|Ministère de|Ministerium für|Ministero del|Ministero della|Ministry of|SCI|SCM|USF|UCSP"
    r"|Uniwersytet|Politechnika|Akademia|Basisschool|Autocentrum|Autoservis|Ottica|Forno|Toko|Construções"
    r"|Bombeiros|Sklep|Sklepy|ASD|Polisportiva|Circolo|Gestion|Groupe scolaire|Collège|Lycée|Mutua|Mútua|Caritas"
    r"|Župa|Parafia|Farnost|Pfarrei|Paroisse|Parroquia|Parrocchia"
    r"|IES|CEIP|CEIPS|IESO|OBS|CBS|RKBS|KBS"
    # more languages' institutions: Portuguese, Malay/Indonesian, Tagalog, Romanian, Polish cases, Slovene/Croatian
    r"|Prefeitura|Faculdade|Universitas|Sekolah|Rumah Sakit|Paaralan|Kolehiyo|Liceul|Colegiul|Școala"
    r"|Spitalul|Szkoły|Szkole|Szkołę|Osnovna šola|OŠ|Centre for|Center for|Institute of|Institute for"
    # Croatian associations, Portuguese administrators, Vietnamese companies, Finnish clinics, Swahili universities
    r"|Udruga|Administradora|Công ty TNHH|Công ty Cổ phần|Công ty CP|Công ty|Lääkäriasema|Chuo Kikuu cha|Hospitali ya)"
    rf"(?:[ \t]+(?:(?:de|di|del|della|dei|des|du|of|am|an|im\.|im|zum|zur|al|do|da|dos|das|y|e|et|v|ve|San|Santa|Saint|St\.?)(?![\w])|{_ORG_WORD})){{1,4}})"
)
# Spanish shops ("Pastelería Ochoa"), Dutch and German firms named by their trade ("Bouwbedrijf
# Noorderlicht", "Bezorgdienst Vlot", "Pflegedienst Sonnenschein"): heads without a literal prefix,
# so searched only in texts that hold one of the endings.
_TRADE_ENDINGS = ("ería", "bedrijf", "dienst", "bureau", "kantoor", "praktijk", "betrieb", "werkstatt", "erij")
_TRADE_HEAD_RE = re.compile(
    r"(?<![\w])(?P<org>(?P<head>[A-ZÁÉÍÓÚ][a-záéíóúñ]{2,20}ería|[A-Z][a-zäöüß]{2,20}(?:bedrijf|dienst|bureau|kantoor"
    rf"|praktijk|betrieb|werkstatt|erij))(?:[ \t]+(?:de|del|la|van|der|den|het|{_ORG_WORD})){{1,4}})"
)
# Capitalised sentence words that start a clause, not a name: "Vi tog fika till Ekbackens förskola".
_CLAUSE_WORDS = frozenset("Vi Jeg Jag Vår Vores Min Mitt Mine Din Til Till På I Hos Fra Från Och Og".split())
_ORG_CONNECTORS = frozenset("& + of de del della dei di des du la le y e et and und van von der den am an im zum zur al "
                            "do da dos das im. the v ve i".split())


# Nouns of NOT_NAMES that a company name may hold after its first word.
_ORG_NOUNS = frozenset("service services support sales group team office company department board staff admin".split())


def _org_span(text: str, start: int, end: int, *, keep_last: int = 0) -> tuple[int, int] | None:
    """Drop leading words until every word is capitalised (or a connector); ``keep_last`` words at
    the end (the legal form or institution word) are not checked."""
    words = list(re.finditer(r"\S+", text[start:end]))
    body = words[: len(words) - keep_last] if keep_last else words
    first = 0
    for i, w in enumerate(body):
        word = w.group(0)
        if word.lower() in _ORG_CONNECTORS and i > first and not (
                word.lower() == "the" and body[i - 1].group(0).lower() in _ORG_CONNECTORS - {"of"}):
            continue  # "Bank of the West", "Unite the Union"; not "Insurance and the Mutual"
        ok = word[0].isupper() or (word[0].isdigit() and i > first)
        inner_noun = i > first and word[0].isupper() and word.lower() in _ORG_NOUNS  # "Vinga Marin Service AB"
        if not ok or (word.lower() in NOT_NAMES and not inner_noun) or word.lower() in ("copyright", "(c)", "©") or (
                _LEGAL_FORM_RE.fullmatch(word)) or (word[-1] in ".!?" and len(word) > 4 and i + 1 < len(body)):
            first = i + 1  # "Copyright 2026 Google LLC", "Google Inc. HuggingFace Inc.", "to Paris. The Mart"
    if first + 2 < len(body) and body[first + 1].group(0) in ("of", "da", "de", "at") and (
            body[first].group(0) in FIRST_NAMES or body[first].group(0) in LAST_NAMES):
        first += 2  # "officer Ruiz of Cobb County Police", "o João da Casa Bairro Imobiliária": a person, then
    if first >= len(body) or not body[first].group(0)[0].isupper():
        return None  # must start with a capitalised word ("Van Dijk", not "& Co" or "of")
    return start + words[first].start(), end


# A municipality as a party ("ik werk voor de gemeente Utrecht", "Stadt Dortmund", "Comune di Bergamo"):
# the authority, not the place. The lower-case word is part of the name as people write it.
_MUNICIPALITY_RE = re.compile(
    r"(?<![\w])(?:[Gg]emeente|Stadt|Landeshauptstadt|[Cc]omune di|[Aa]yuntamiento de|[Mm]airie de|[Cc]ity of|[Mm]unicipality of"
    r"|[Kk]ommune|[Kk]ommun|[Cc]âmara [Mm]unicipal de|[Uu]rząd [Mm]iasta)[ \t]+(?P<place>[A-ZÀ-Þ][\w'’\-]*(?:[ \t]+[A-ZÀ-Þ][\w'’\-]*)?)"
)
# Nordic: the place's genitive before the word ("Sundsvalls kommun", "Bergen kommune").
_NORDIC_MUNICIPALITY_RE = re.compile(r"(?<![\w])[A-ZÅÄÖÆØ][\w\-]+[ \t]+(?:[Kk]ommun|[Kk]ommune|landsting|fylkeskommune)(?![\w])")
# Nordic schools and clinics, named in the genitive before a lower-case kind: "Ekbackens förskola",
# "Solbergs vårdcentral", "Nordre Aasen barnehage".
_NORDIC_INSTITUTION_RE = re.compile(
    r"(?<![\w])(?:[A-ZÅÄÖÆØ][\w\-]+[ \t]+)?[A-ZÅÄÖÆØ][\w\-]+[ \t]+(?:förskola|grundskola|skola|vårdcentral|sjukhus"
    r"|barnehage|skole|børnehave|vuggestue|sykehus|sygehus|legekontor|tandvård|folkehøgskole|folkhögskola|lasarett"
    r"|vårdcentral|tandläkare|universitet|högskola|gymnasium|menighet|menighed|församling|sokn|sogn)(?![\w])"
)


# A field that names an organisation: "Employer: Desert Bloom Grocers", "Empresa: Papelería La
# Estrella", "Pracodawca: ...", "Nåværende leverandør: Fjordlys Kraft AS".
_ORG_FIELD_RE = re.compile(
    r"(?m)^[ \t>*\-]*(?i:employer|company|company name|organisation|organization|org|empresa|pracodawca|firma"
    r"|arbeitgeber|werkgever|employeur|datore di lavoro|empregador|arbetsgivare|arbejdsgiver|arbeidsgiver"
    r"|nåværende leverandør|leverandør|leverantör|supplier|vendor|insurer|insurance|versicherung|aseguradora"
    r"|assureur|bank)(?i:[ \t]+name)?[ \t]*:[ \t]*(?P<org>(?![a-zß-ÿ])[^\W\d_][^\n,;(<@]{1,80}?)[ \t]*"
    r"(?=[,;(<\n]|$|[ \t][–—-][ \t])"
)


# A sole trader's business name: "Priyanka Chaudhary trading as Chai & Crumb", "t/a", "d/b/a".
_TRADING_AS_RE = re.compile(
    r"(?i:trading as|t/a|d/b/a|doing business as|handelnd unter|h\.o\.d\.n\.)[ \t]+[\"“]?"
    r"(?P<org>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?:&|and|of|the|(?![a-zß-ÿ])[^\W\d_][\w'’\-]*)){0,4})"
)


# Well-known parties by name: banks, telecoms, couriers, energy suppliers, retailers, airlines, insurers, car
# hire and public bodies of the gateway's users' countries, which a prompt names as a counterparty ("my Vodafone
# contract", "kurier InPost", "Bank (mBank)"). Technology platforms used as technology (AWS, Stripe, Slack) are
# not parties in the labelling guide and are left out, as are names that are also common words or places
# (Orange, Three, Bring, Avis, Sky, Play, Chase) or places (Zurich, Halifax, Santander).
_KNOWN_ORGS = frozenset(
    """Wiener Rotes Kreuz|Wiener Rote Kreuz|Wiener Roten Kreuz|Österreichisches Rotes Kreuz|Deutsches Rotes Kreuz
    |Schweizerisches Rotes Kreuz|Rotes Kreuz|Rote Kreuz|Roten Kreuz|Red Cross|Croix-Rouge|Cruz Roja|Croce Rossa|Czerwony Krzyż|Røde Kors|Röda Korset
    |BNP Paribas|Crédit Agricole|Crédit Mutuel|Société Générale|Caisse d'Epargne|La Banque Postale|Deutsche Bank
    |Commerzbank|Postbank|Sparkasse|Volksbank|DKB|ING|ABN AMRO|Rabobank|SNS Bank|Triodos|BBVA|CaixaBank
    |Bankinter|Sabadell|Intesa Sanpaolo|UniCredit|Fineco|Barclays|HSBC|Lloyds|NatWest|Monzo
    |Revolut|Starling|N26|mBank|PKO BP|Pekao|Nordea|Danske Bank|DNB|SEB|Swedbank|Handelsbanken|Raiffeisen
    |Erste Bank|KBC|Belfius|Millennium bcp|Caixa Geral|Nubank|Itaú|Bradesco|Wells Fargo|Citibank|PayPal
    |Vodafone|Telefónica|Movistar|Deutsche Telekom|Telekom|O2|KPN|Ziggo|Proximus|Swisscom|Telia|Telenor|Tele2
    |Virgin Media|BT|Free Mobile|SFR|Bouygues Telecom|Orange Polska|T-Mobile|Verizon|Comcast|Xfinity
    |DHL|UPS|FedEx|DPD|GLS|Hermes|Evri|Royal Mail|Parcelforce|PostNL|InPost|Correos|SEUR|Poste Italiane|BRT
    |La Poste|Colissimo|Chronopost|PostNord|Deutsche Post|Poczta Polska|CTT|Yodel
    |E.ON|EDF|Engie|Enel|Iberdrola|Endesa|Naturgy|Eneco|Vattenfall|Essent|British Gas|Octopus Energy|OVO
    |Tesco|Sainsbury's|Asda|Morrisons|Waitrose|Lidl|Aldi|Carrefour|Auchan|Mercadona|Rewe|Edeka
    |Albert Heijn|IKEA|Zalando|MediaMarkt|Elkjøp|Elgiganten|Fnac|Darty|Decathlon|Leroy Merlin|Castorama|Primark
    |Ryanair|easyJet|Lufthansa|KLM|Air France|Iberia|Vueling|Wizz Air|Eurowings|British Airways|Emirates
    |Deutsche Bahn|SNCF|Renfe|Trenitalia|SBB|ÖBB|Eurostar|FlixBus|Uber
    |Allianz|AXA|Aviva|Mapfre|Unipol|HUK-Coburg|Achmea|Nationale-Nederlanden|Gjensidige|If Skadeförsäkring
    |Sixt|Hertz|Europcar|Enterprise Rent-A-Car
    |NHS|HMRC|DVLA|Ofcom|Ofgem|URSSAF|CPAM|Pôle emploi|France Travail|Agenzia delle Entrate|INPS|ZUS|NFZ
    |Försäkringskassan|Skatteverket|Skatteetaten|Belastingdienst|UWV|Finanzamt|Agentur für Arbeit
    |Seguridad Social|Agencia Tributaria|SEPE|Procon|Altroconsumo|IRS|USPS
    |Bank of America|Capital One|TD Bank|RBC|Scotiabank|BMO|CIBC|Desjardins|Commonwealth Bank|Westpac|ANZ
    |HDFC Bank|ICICI Bank|Axis Bank|Kotak Mahindra Bank|GTBank|Access Bank|Zenith Bank|Standard Bank|Absa|Nedbank
    |Capitec|Santander|AIB|Bank of Ireland|Permanent TSB|Nationwide Building Society|Metro Bank
    |Groupama|MAIF|MACIF|MAAF|Generali|Direct Line|Geico|GEICO|State Farm|Allstate|Liberty Mutual|Sun Life
    |Manulife|Medibank|Bupa|Vhi|Laya Healthcare|Infosys|Wipro|Tata Consultancy Services|TCS|HCLTech|Accenture
    |Capgemini|Deloitte|PwC|KPMG|McKinsey|Jio|Airtel|MTN|Safaricom|Telstra|Optus|Telus|Eir|Walmart|Costco
    |Best Buy|Home Depot|Woolworths|Bunnings|Currys|Marks & Spencer|Harvard|Stanford|Yale|Princeton|Rutgers
    |UCLA|NYU|Aeroméxico|Qantas|Air Canada|Air India|IndiGo|Ethiopian Airlines|Kenya Airways|Turkish Airlines
    |Investissement Québec|Hydro-Québec|Revenu Québec|Service Canada|Centrelink|HSE|Garda
    |BCA|BRI|BNI|Bank Mandiri|Maybank|CIMB|RHB|Public Bank|BDO|BPI|Metrobank|Security Bank|UnionBank
    |Vietcombank|Techcombank|VPBank|BIDV|Vietinbank|VietinBank|Agribank|Sacombank|BCR|BRD|Banca Transilvania
    |OTP Bank|Tatra banka|ČSOB|Česká spořitelna|Komerční banka|Fio banka|Zagrebačka banka|NLB|Luminor|Citadele
    |Ziraat Bankası|İş Bankası|Akbank|Garanti BBVA|Yapı Kredi|Halkbank|VakıfBank|Alpha Bank|Eurobank|Piraeus Bank
    |Equity Bank|KCB|NCBA|Stanbic|First Bank|FirstBank|UBA|Ecobank|Fidelity Bank|Wema Bank|Moniepoint
    |Landsbankinn|Arion banki|Íslandsbanki|Bank Millennium|ING Bank Śląski|Credit Agricole|Alior Bank""".replace("\n", "").split("|")
)
_KNOWN_ORG_FIRST: dict[str, list[str]] = {}
for _name in sorted((n.strip() for n in _KNOWN_ORGS), key=len, reverse=True):
    _KNOWN_ORG_FIRST.setdefault(_name.split()[0], []).append(_name)
# Capitalised words, and the few listed names that start in lower case ("mBank", "easyJet").
_ORG_NAME_START_RE = re.compile(
    r"(?<![\w@./#\-])(?=[A-ZÀ-Þ0-9]|" + "|".join(re.escape(k) for k in _KNOWN_ORG_FIRST if k[:1].islower())
    + r")[\w'’.&+\-]+"
)


# Listed names that are also chemical formulas ("O2"), and the signs of an equation around one.
_FORMULA_RE = re.compile(r"(?:[A-Z][a-z]?\d*)+\d(?:[A-Z][a-z]?\d*)*")
_EQUATION_RE = re.compile(r"[+→⇌=]|->")
_CHEMISTRY_RE = re.compile(r"(?i)\b(?:moles?|mol|molar|grams? of|litres? of|liters? of|oxygen|combustion|reaction"
                           r"|oxidi[sz]\w*|stoichiometr\w*|gas|atoms?|molecules?|bonds?)\b")


# A legal form before the name, often with the name in quotes: "UAB „Baltijos logistikos centras“",
# "SIA „Kurzemes dārzi“", "ТОВ «Карпатський мед»", "PT Sinar Jaya", "KK Mlinarji Medvode" (a club).
_PREFIX_FORM_RE = re.compile(
    r"(?<![\w])(?P<org>(?:UAB|SIA|PT|ТОВ|ТзОВ|ПрАТ|ПАТ|ООО|ЗАО|ОАО|ПАО|KK|NK|FK|RK|KS|MKS|UKS|SARL|EURL|SASU"
    r"|KFC|FC|SK|BK|TSV|VfB|VfL|CD|Club Esportiu|Club Deportivo|Club Atlético|Clube Atlético)[ \t]+"
    r"(?:[«„“\"][^»“”\"\n]{2,60}[»“”\"]|(?![a-zß-ÿа-яіїєґ])[^\W\d_][\w'’\-]*(?:[ \t]+(?![a-zß-ÿа-яіїєґ])[^\W\d_][^\W\d_'’\-]*(?![\w])){0,3}))"  # not "U12" after a club
)


_NUMBER_BEFORE_RE = re.compile(r"(?<![\w./:\-£$€])\d+(?:[.,]\d+)?[ \t]+\Z")


def _known_organizations(text: str) -> Iterator[Finding]:
    """Well-known parties named as written (case and whole words as listed), not inside code or addresses."""
    for m in _ORG_NAME_START_RE.finditer(text):
        word = m.group(0).rstrip(".,;:!?)'’")
        for name in _KNOWN_ORG_FIRST.get(word, ()):
            end = m.start() + len(name)
            if text.startswith(name, m.start()) and (end == len(text) or not (text[end].isalnum() or text[end] in "_@/=-")):
                if end < len(text) and text[end] == "." and text[end + 1 : end + 2].isalnum():
                    break  # "ups.com", "dhl.de": a host name
                if _FORMULA_RE.fullmatch(name) and (_EQUATION_RE.search(text, max(0, m.start() - 8), end + 8)
                                                    or _CHEMISTRY_RE.search(text, max(0, m.start() - 40), end + 40)):
                    break  # "C3H8 + O2 → CO2", "per mole of O2": oxygen, not the network
                if _NUMBER_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                    break  # "50 Hertz", "3 Shell": a unit or a count of things, not the firm
                yield Finding("ORGANIZATION", m.start(), end, 0.7, DETECTOR)
                break


# Nordic public bodies are one compound word with the body's kind at its end: "Huslejenævnet",
# "Husleietvistutvalget", "Forbrukertilsynet", "Pensionsmyndigheten" ("-verket" is as often a plant).
# Finnish institutions are compounds too, often in a case form: "Hatanpään sairaalassa", "Hervannan
# terveysasema", "Tampereen kaupunki" (a city as the party that employs or answers).
_FINNISH_INSTITUTION_RE = re.compile(
    r"(?<![\w])[A-ZÄÖ][a-zäö]+(?:n|en)[ \t]+(?:sairaala|terveysasema|terveyskeskus|kaupunki|kunta|yliopisto"
    r"|ammattikorkeakoulu|koulu|lukio|päiväkoti)(?:ssa|sta|an|lle|lla|n)?(?![\w])"
)
_NORDIC_BODY_HINTS = ("nævn", "utvalget", "nemnd", "tilsynet", "styrelsen", "myndigheten", "direktoratet", "etaten",
                      "ombudet")
_NORDIC_BODY_RE = re.compile(
    r"(?<![\w])[A-ZÆØÅÄÖ][a-zæøåäö]{3,}(?:nævnet|nævn|utvalget|nemnda|nemnd|tilsynet|styrelsen|myndigheten"
    r"|direktoratet|etaten|ombudet)(?![\w])"
)


# A public body named by its place: "tribunal judiciaire de Lyon", "CHU de Besançon", "Ajuntament de
# Barcelona", "Okresný úrad Košice", "Serikali ya Kaunti ya Mombasa", "Uniwersytet … w Poznaniu". The
# place in its name is the body's, not a place of the text. (Not "la mairie d'Arras": a town hall is also
# where people meet.)
_BODY_OF_PLACE_RE = re.compile(
    r"(?<![\w])(?P<head>tribunal judiciaire|tribunal de commerce|tribunal administratif|cour d'appel|conseil de prud'hommes"
    r"|Tribunal judiciaire|Tribunal de commerce|Tribunal administratif|Cour d'appel|Conseil de prud'hommes|CHU|CHR|CHRU"
    r"|CPAS|OCMW|préfecture|Préfecture|Conseil départemental|Conseil régional|Ajuntament|Ayuntamiento"
    r"|Concello|Diputación|Junta de Freguesia|Câmara Municipal|Protezione Civile|Comune|Questura|Prefettura"
    r"|Okresný úrad|Okresní úřad|Magistrát|Magistrát města|Městský úřad|Obecní úřad|Mestský úrad|Obecný úrad"
    r"|Serikali ya Kaunti|Halmashauri ya Wilaya|Halmashauri ya Jiji|Halmashauri ya Manispaa|Halmashauri ya Mji"
    r"|MOPR|MOPS|Miejski Ośrodek Pomocy Społecznej|Urząd Miasta|Urząd Gminy|Starostwo Powiatowe|Landratsamt|Bezirksamt"
    r"|Stadtverwaltung|Gemeente|Uniwersytet [A-ZŁŚŻ][a-ząęłńóśźż]+|Politechnika|Akademia [A-ZŁŚŻ][a-ząęłńóśźż]+)"
    r"(?:[ \t]+(?:de|du|des|del|della|dello|di|da|do|w|we|ya|of|van)[ \t]+|[ \t]+d['’]|[ \t]+)"
    r"(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,2})"
)
_BODY_OF_PLACE_HINTS = ("tribunal", "cour d", "conseil", "CH", "CPAS", "OCMW", "réfecture", "Ajuntament",
                        "Ayuntamiento", "Concello", "Diputación", "Freguesia", "Câmara", "Protezione", "Comune",
                        "Questura", "Prefettura", "úrad", "úřad", "Magistrát", "Serikali", "Halmashauri", "MOP",
                        "Urząd", "Starostwo", "amt", "Stadtverwaltung", "Gemeente", "Uniwersytet", "Politechnika",
                        "Akademia", "Miejski")


def _bodies_of_places(text: str) -> Iterator[Finding]:
    if not any(h in text for h in _BODY_OF_PLACE_HINTS):
        return
    for m in _BODY_OF_PLACE_RE.finditer(text):
        words = m.group("place").split()
        while words and words[-1].lower() in FUNCTION_WORDS:
            words.pop()
        if words and words[0].lower() not in FUNCTION_WORDS:
            yield Finding("ORGANIZATION", m.start(), m.start("place") + len(" ".join(words)), 0.8, DETECTOR)


def find_organizations(text: str) -> Iterator[Finding]:
    """Companies by legal form (``Nordwind Shipping GmbH``, ``Van Dijk Bouw BV``) and institutions
    (``Riverside Medical Centre``, ``Ospedale San Giovanni Bosco``), and the town a letterhead or a
    CV line names right after one ("Haugen Maling AS, Bærum"); with them the well-known parties,
    employers and role parties (``parties``) and a statement's merchants, payees and branch towns
    (``statements``). Hence LOCATION and PERSON findings beside the organisations."""
    known = list(_known_organizations(text)) + list(_bodies_of_places(text))
    yield from known
    seen = {(f.start, f.end) for f in known}
    # A statement line is read whole, payee and branch town apart: its "RENO NV" is a town and a
    # state, not a Dutch company's legal form.
    statement = list(find_statement_entities(text)) if "\n" in text else []
    yield from statement
    for f in find_parties(text):
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            yield f
    for f in _shouted_organizations(text):
        if (f.start, f.end) not in seen:
            yield f
    for f in _organizations(text):
        if statement and any(g.start < f.end and f.start < g.end for g in statement):
            continue
        yield f
        m = _SEAT_AFTER_RE.match(text, f.end)
        if m is None or not _LINE_LEAD_RE.search(text, max(0, f.start - 60), f.start):
            continue
        place = m.group("place")
        if place in _CLAUSE_WORDS or place.lower() in NOT_NAMES or place in FIRST_NAMES or any(
                w.lower() in _NOT_SEATS for w in place.split()):
            continue
        yield Finding("LOCATION", m.start("place"), m.end("place"), 0.7, DETECTOR)


# A line in capitals, as letterheads, labels and statements print names: "LAKESHORE PHARMACY", "ST FINBARR'S
# HOSPITAL", "AVON VALLEY MOTORS LIMITED". Read in Title Case (same offsets), its institutions and companies count.
_SHOUTED_LINE_RE = re.compile(r"(?m)^[^\n\S]*(?=[^\n]*[A-Z]{2})[^a-z\n]{6,120}$")


def _shouted_organizations(text: str) -> Iterator[Finding]:
    for m in _SHOUTED_LINE_RE.finditer(text):
        line = m.group(0)
        if sum(c.isalpha() for c in line) < 6 or any(c.isalpha() and c.islower() for c in line):
            continue
        titled = line.title()
        if len(titled) != len(line):
            continue
        for f in _organizations(titled):
            if f.type == "ORGANIZATION" and " " in titled[f.start : f.end].strip():
                yield Finding(f.type, m.start() + f.start, m.start() + f.end, f.score, f.detector, f.kind)


# The seat after a company's name: a comma, one or two capitalised words, then the line ends.
_SEAT_AFTER_RE = re.compile(
    r",[ \t]+(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’]+(?:[ \t\-](?![a-zß-ÿ])[^\W\d_][\w'’]+)?)[ \t]*(?=\n|\Z)"
)


# The company starts its line, or follows a job title and a comma or a CV's column gap.
_LINE_LEAD_RE = re.compile(r"(?:^|\n|,[ \t]+|[ \t]{2,}|\t|:[ \t]+|//[ \t]*|[ \t][–—-][ \t]+)\Z")
# Words after a company's comma that are a department, a job or a notice, not its town.
_NOT_SEATS = frozenset(
    """marketing sales finance legal support engineering operations hr it accounts billing procurement purchasing
    research development admin administration management headquarters hq office team department dept division
    group all rights reserved abteilung vertrieb einkauf buchhaltung personal geschäftsführung remote hybrid
    onsite freelance intern internship manager director developer engineer consultant analyst contractor
    ventas compras ventes achats vendite acquisti inkoop verkoop fachbereich institut lehrstuhl fakultät
    faculty school""".split()
)


# Tools named "… Studio" (the word before it), which the Studio tail must not take for firms.
_PRODUCT_STUDIOS = [[w] for w in "Visual Android Management OBS R Creator Data Looker Power Code Unity Embarcadero".split()]


_KINDS_OF_SCHOOL = frozenset(
    """summer winter spring autumn sunday night evening old new high middle primary secondary grammar public
    private boarding business graduate law medical driving language music art dance film cooking the a our
    my your their""".split()
)


def _organizations(text: str) -> Iterator[Finding]:
    for fm in _LEGAL_FORM_FIND_RE.finditer(text):
        if not starts_word(text, fm.start()):
            continue
        if fm.group(0) == "Co." and _IRISH_COUNTY_RE.match(text, fm.end()):
            continue  # "Ballyvourney, Co. Cork": an Irish county, not a company
        # The company name ends right before the legal form: match it backwards from there.
        w0 = max(0, fm.start() - 120)
        m = _ORG_BODY_TAIL_RE.search(text, w0, fm.start())
        if m is None:
            continue
        span = _org_span(text, m.start("org"), fm.end(), keep_last=len(fm.group(0).split()))
        if span:
            yield Finding("ORGANIZATION", span[0], span[1], 0.85, DETECTOR)
    for t in _INSTITUTION_TAIL_FIND_RE.finditer(text):
        if not starts_word(text, t.start()):
            continue
        m = _INSTITUTION_BODY_RE.search(text, max(0, t.start() - 150), t.start())
        if m is None:
            continue
        tail_words = len(t.group(0).split())
        span = _org_span(text, m.start("org"), t.end(), keep_last=tail_words)
        if span and t.group(0) == "Studio" and text[span[0] : span[1]].split()[-2:-1] in _PRODUCT_STUDIOS:
            continue  # "Visual Studio", "Android Studio": tools, not firms
        if span and t.group(0) == "School" and all(
                w.lower() in _KINDS_OF_SCHOOL for w in text[span[0] : span[1]].split()[:-1]):
            continue  # "Summer School", "Sunday School": a kind of school, not a named one
        if span and t.group(0) in ("Club", "Klub") and len(text[span[0] : span[1]].split()) < 3:
            continue  # "Book Club", "Fight Club": a kind of club; "Kiddle Park Golf Club" is one
        if span and t.group(0) in _GENERIC_TAILS and not _named_body(text[span[0] : span[1]].split()[:-tail_words]):
            continue  # "Financial Services", "Working Group", "the Hardship Fund": a kind, not a name
        if span and text[span[0] : span[1]].split()[0] not in ("The", "A", "An", "Our", "Your") \
                and not title_case_document(text):  # "Farming And Drinking Water" in an essay outline
            yield Finding("ORGANIZATION", span[0], span[1], 0.75, DETECTOR)
    for m in _PREFIX_FORM_RE.finditer(text):
        if m.group("org").startswith(("SARL", "EURL", "SASU")) and after_capitalised_word(text, m.start("org")):
            continue  # "HOTEL DU PORT SARL MARSEILLE": the legal form ends the name before it
        yield Finding("ORGANIZATION", m.start("org"), m.end("org"), 0.8, DETECTOR)
    for m in _ORG_FIELD_RE.finditer(text) if ":" in text else ():
        value = m.group("org")
        if len(value.split()) <= 8 and not re.search(r"\d{3}|@|://", value):
            yield Finding("ORGANIZATION", m.start("org"), m.end("org"), 0.8, DETECTOR)
    low = text.lower()
    trading = any(k in low for k in ("trading as", "t/a", "d/b/a", "doing business", "handelnd", "h.o.d.n"))
    for m in _TRADING_AS_RE.finditer(text) if trading else ():
        words = m.group("org").split()
        while words and words[-1].lower() in _ORG_CONNECTORS:
            words.pop()
        if words:
            yield Finding("ORGANIZATION", m.start("org"), m.start("org") + len(" ".join(words)), 0.8, DETECTOR)
    if any(k in text for k in ("skol", "vårdcentral", "sjukhus", "barnehage", "børnehave", "vuggestue",
                               "sykehus", "sygehus", "legekontor", "tandvård", "lasarett", "tandläkare",
                               "universitet", "högskola", "gymnasium")):
        for m in _NORDIC_INSTITUTION_RE.finditer(text):
            words = m.group(0).split()
            a = m.start() if len(words) == 2 or not starts_word(text, m.start()) or words[0] not in _CLAUSE_WORDS \
                else m.start() + len(words[0]) + 1
            yield Finding("ORGANIZATION", a, m.end(), 0.8, DETECTOR)
    for m in _NORDIC_BODY_RE.finditer(text) if any(k in text for k in _NORDIC_BODY_HINTS) else ():
        yield Finding("ORGANIZATION", m.start(), m.end(), 0.8, DETECTOR)
    if any(k in text for k in ("sairaala", "terveys", "kaupunki", "kunta", "yliopisto", "koulu", "lukio", "päiväkoti")):
        for m in _FINNISH_INSTITUTION_RE.finditer(text):
            yield Finding("ORGANIZATION", m.start(), m.end(), 0.8, DETECTOR)
    if "kommun" in text or "Kommun" in text or "landsting" in text:
        yield from (Finding("ORGANIZATION", m.start(), m.end(), 0.8, DETECTOR)
                    for m in _NORDIC_MUNICIPALITY_RE.finditer(text))
    for m in _MUNICIPALITY_RE.finditer(text):
        if m.group(0)[0].islower() and m.start() > 0 and text[m.start() - 1] not in " \t\n(\"'":
            continue
        yield Finding("ORGANIZATION", m.start(), m.end(), 0.8, DETECTOR)
    heads = _INSTITUTION_HEAD_RE.finditer(text)
    if any(e in text for e in _TRADE_ENDINGS):
        heads = itertools.chain(heads, _TRADE_HEAD_RE.finditer(text))
    for m in heads:
        end = m.end("org")
        words = list(re.finditer(r"\S+", text[m.start("org") : end]))
        # Stop at the first lower-case word that is not a connector (after the head's own words).
        last = len(words)
        head_words = len(m.group("head").split())
        if len(words) > head_words and words[head_words].group(0).lower().rstrip(".") in TITLES:
            continue  # "Praxis Dr. Özdemir": the practice is named after the person the title cues
        if len(words) > head_words + 1 and words[head_words].group(0).lower() in _ORG_CONNECTORS \
                and words[head_words + 1].group(0).lower().rstrip(".") in STREET_HEADS:
            continue  # "Condominio di Via Tiziano 18": the building at an address, not a name
        for i, w in enumerate(words[head_words:], start=head_words):
            if not (w.group(0)[0].isupper() or w.group(0).lower() in _ORG_CONNECTORS):
                last = i
                break
            if w.group(0)[-1] in ",;:!?" or (w.group(0).endswith(".") and len(w.group(0)) > 4):
                last = i + 1  # the name ends with the clause: "Inmobiliaria Sol y Tejado. Mi cuenta"
                break
        while last > head_words and words[last - 1].group(0).lower() in _ORG_CONNECTORS:
            last -= 1
        if last > head_words:
            end = m.start("org") + words[last - 1].end()
            if text[end - 1] == "." and len(words[last - 1].group(0)) > 4:
                end -= 1  # sentence full stop, not an abbreviation ("St.")
            while text[end - 1] in ",;:!?":
                end -= 1
            yield Finding("ORGANIZATION", m.start("org"), end, 0.8, DETECTOR)

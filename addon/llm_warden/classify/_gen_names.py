"""Regenerate ``_names.py``: given names and surnames in Latin, Greek and Cyrillic script, from Faker's locales.

The model sometimes knows a word is an entity but not which kind ("Sharon Reyes" as a place);
a list of people's names settles that. Derived from the person providers of the ``faker``
package (a development dependency) and, because Faker's lists are short (its Polish list lacks
"Małgorzata", its Dutch one "Kees"), from the ``names-dataset`` package (MIT): the given names and
surnames among the ``MAX_RANK`` most common of any of its 105 countries, less those that are common
words in a language the gateway sees. Both are needed only to run this script::

    .venv/bin/pip install names-dataset wordfreq
    .venv/bin/python -m llm_warden.classify._gen_names

Many names are also places ("Sydney", "Florence", "Regina"); the lists keep them, and the code
that uses both lists decides (``names.py``). ``WORDLIKE_GIVEN_NAMES`` are the given names that the
project's English filler and training templates use as lower-case words ("True", "Server").
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path



# Common given names Faker's providers lack (its Indian, West African, Irish and East Asian lists
# are short) and everyday short forms ("Bev", "Mikey"). Short forms that are also words or
# abbreviations (Val, Del, Reg, Nat, Sue) are left out.
EXTRA_GIVEN_NAMES = """
Aarav Aditi Aditya Ajay Akash Amit Anand Ananya Anil Anjali Arjun Arun Ashok Deepak Deepika Devika Dinesh
Divya Gaurav Geeta Harish Ishaan Kavya Karthik Kiran Lakshmi Mahesh Manish Meera Neha Nikhil Nisha Nitin
Pooja Pradeep Prakash Priya Priyanka Rahul Raj Rajesh Rakesh Ramesh Ravi Rekha Rohan Sachin Sanjay Shreya
Sneha Sunil Sunita Suresh Swati Usha Varun Vijay Vikram Vivek Yash Zara Farhan Imran Tariq Bilal Hamza
Faisal Rashid Nadia Yasmin Salma Huda Amira Rania Samira Hiba Reem Noor Nour Layla Leila Mariam Youssef
Yusuf Khaled Khalid Mahmoud Mustafa Samir Nabil Walid Karim Hassan Hussein Zainab Habiba
Oluwaseun Olumide Adebayo Adewale Chinedu Chiamaka Ngozi Emeka Obinna Tunde Folake Funmilayo Yetunde Kemi
Segun Femi Tolu Dayo Kofi Kwame Kwabena Akua Abena Kojo Fatou Aminata Moussa Mamadou Ibrahima Ousmane
Aissatou Cheikh Amadou Oumar Seydou Sekou Wanjiru Wanjiku Njeri Kamau Otieno Achieng Omondi Akinyi Zawadi
Thandiwe Sipho Thabo Lerato Nomvula Bongani Themba Lindiwe Tendai Tatenda Chipo Farai Nkechi Ifeoma Ikenna
Chukwuemeka Nnamdi Adaeze Abdullahi Hauwa Babajide Temitope Oluwadamilola Adaobi Chidi Uchenna
Hiroshi Takeshi Kenji Haruto Sota Yuto Akira Satoshi Kazuki Daiki Shota Naoki Yuko Yumi Aiko Haruka
Sakura Misaki Keiko Emi Yuki Yuka Takumi Ryota Kaito Hana Minjun Jiwoo Seojun Jisoo Jiyeon Minji Soojin
Xiaoming Zhiwei Xiaoling Jing Wei Ming Thanh Linh Minh Huong Trang Tuan
Ciarán Siobhán Aoife Niamh Saoirse Caoimhe Róisín Sinéad Eoin Oisín Cathal Pádraig Seán Máire Bríd Dónal
Fionnuala Gráinne Orla Clodagh Darragh Cian Tadhg Ruairí Colm Áine Éabha Ailbhe Aoibheann Fiachra
Bev Mikey Becca Steph Kat Meg Geoff Kev Gaz Baz Trev Jules Soph Millie Hattie Maddie Izzy Bex Lottie Gabi
Frankie Robbie Danny Jimmy Johnny Tommy Joey Stevie Kenny Ricky Davey Vinnie Sammy Debs Jackie Maggie
Peggy Trish Tash Vicky Becky Katie Lizzie Abbie Gemma Kirsty Shaz Dougie Jonny Benji Freddie Alfie Archie
Ayşe Ayşegül Şule Çağla Büşra Şeyma Gülşen Şükrü Barış Batuhan Furkan Oğuz Buğra Doğan Ebru Tuğba Ümit İlkay
Kübra Yağmur Sevda Dilek
Rohit Rohini Sanjana Harsha Harshita Aishwarya Abhishek Anupam Ashwin Chetan Darshan Jayant Kunal Lalit Manoj
Meenakshi Mohan Pankaj Prateek Preeti Rajiv Ritu Sandeep Sapna Shalini Shashank Sumit Tarun Vineet Yogesh
Srinivas Lakshman Murali Senthil Karthikeyan Saravanan Arvind Vignesh Anitha Kavitha Sowmya Ananth Balaji
Zanele Nomsa Lwazi Ayanda Nandi Zodwa Palesa Naledi Mpho Tshepo Kagiso Refilwe Nokuthula Thulani Sizwe Kgomotso
Jabu Mthunzi Xolani Vusi Lindani Nkosinathi Chioma Oluwaseyi Damilola Bolaji Kehinde Taiwo Yemi Funmi Tolani
Obiageli Amaka Nkem
Tamsin Jen Abi Immy Morag Eilidh Cerys Owain Gethin Rhodri Dafydd Ffion Eluned Aled Ieuan Lowri Carys Ruaridh
Kirsteen Mhairi Ailsa Struan Torquil Ngaio Moana Losa Mele Tevita Tipene Whetu
Zayn Rehan Sana Hira Mahnoor Anum Waqas Junaid Shahid Farhana Nasrin Tanvir Rahim Shakil Rubina Nusrat
Rommel Marites Arnel Rodel Jhun Analyn Marivic Mei Xiao Ying Xin Jiho Seoyeon Hyun Jiwon Sungmin Eunji Jihoon
Soyeon Haneul Dongwoo Thao Duc Hieu Khanh Phuong Ngoc Xóchitl Rangi Losaline Viliami Siosaia Salote Semisi
Morwenna Demelza Kerensa Jago Cadan Loveday Elowen DeAndre Zuri
"""

# Common surnames Faker's providers lack (Southern African, Nigerian, Welsh, Pacific, Indian).
EXTRA_SURNAMES = """
Venkatesan Bhattacharya Mehra Mehta Mokoena Molefe Naidoo Zungu Buthelezi Radebe Motaung Modise Botha
Pretorius Venter Coetzee Adebayo Oyelaran Babatunde Nnaji Onyekachi Akande Olaniyan Oladipo Pryce Llewellyn
Prosser Gwynne Tuilagi Fonoti Taufa Ngata Tipoki Parata Tamihana Horomona Aumua Leota Faleolo Tupou Fifita
"""


def _script(c: str) -> str:
    if c.isascii():
        return "LATIN" if c.isalpha() else ""
    return next((s for s in ("LATIN", "GREEK", "CYRILLIC") if unicodedata.name(c, "").startswith(s)), "?")


def _one_script(s: str) -> bool:
    """Latin, Greek or Cyrillic letters (and ' ’ -), not mixed: a name written in one alphabet."""
    scripts = {_script(c) for c in s if c not in "'’-"}
    return len(scripts) == 1 and scripts <= {"LATIN", "GREEK", "CYRILLIC"}


def _names(provider: type, attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, None)
        if hasattr(value, "keys"):
            value = list(value.keys())  # weighted lists are (ordered) dicts
        if not isinstance(value, (list, tuple, set, frozenset)):
            continue  # some locales compute a list in a property
        for name in value:
            if isinstance(name, str) and name[:1].isupper() and len(name) >= 3 and _one_script(name) and " " not in name:
                out.add(name)
    return out


MAX_RANK = 1000
_COMMON_RANK = 300
_MAX_COMMON_NAME_ZIPF = 5.0
# A name that is as common a word as "the", "love" or "mass" in one of these languages is left out.
# (Vietnamese is left out: nearly every Vietnamese given name is also a word of it.)
_WORD_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "hu", "ro", "tr",
                   "ca", "sh", "sl", "sk", "lt", "lv", "is", "id", "ms", "fil", "el", "bg", "ru", "uk", "mk")
_MAX_WORD_ZIPF = 3.0


def _names_dataset(kind: str) -> set[str]:
    """The ``kind`` ("first" or "last") names ranked within ``MAX_RANK`` in any country of ``names-dataset``."""
    import gzip
    import pickle

    import names_dataset
    from wordfreq import zipf_frequency

    from .words import HONORIFICS, TECH_PLATFORMS, TITLES

    # titles ("Encik", "Bapak") and brands ("Amex") that the dataset's users wrote as their names
    not_names = {w.lower().rstrip(".") for w in (*HONORIFICS, *TITLES)} | set(TECH_PLATFORMS)
    path = Path(names_dataset.__file__).parent / "v3" / f"{kind}_names.pkl.gz"
    with gzip.open(path) as f:
        table = pickle.load(f)  # the package's own data file, as its NameDataset class reads it
    out: set[str] = set()
    for name, info in table.items():
        ranks = (info or {}).get("rank") or {}
        if not ranks or min(ranks.values()) > MAX_RANK:
            continue
        if not (name[:1].isupper() and len(name) >= 3 and " " not in name and _one_script(name)):
            continue
        low = name.lower()
        if low in not_names or zipf_frequency(low, "en") >= _MAX_WORD_ZIPF:
            continue
        # A name common in its country is frequent in its language's text too ("Małgorzata" 4.2, "Kees"
        # 4.3): it only must be no everyday word ("aan" 6.8 in Dutch, "cel" 6.2 in Romanian); rarer names
        # must be no word of any language at all.
        limit = _MAX_COMMON_NAME_ZIPF if min(ranks.values()) <= _COMMON_RANK else _MAX_WORD_ZIPF
        if any(zipf_frequency(low, lang) >= limit for lang in _WORD_LANGUAGES):
            continue
        out.add(name)
    return out


def build() -> tuple[list[str], list[str]]:
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{mod.name}").Provider
        # first_names, first_names_male, middle_names, last_names_female, male_last_names, ...
        attrs = [a for a in dir(provider) if "names" in a and not a.startswith("_")
                 and not re.search(r"language|kana|prefix|suffix(?!es)", a)]
        first |= _names(provider, tuple(a for a in attrs if "last" not in a))
        last |= _names(provider, tuple(a for a in attrs if "last" in a))
    first |= set(EXTRA_GIVEN_NAMES.split())
    last |= set(EXTRA_SURNAMES.split())
    # The dataset's users wrote their names in their own order ("Kovács Péter"), so its given names hold
    # surnames and its surnames given names: what Faker already calls one kind keeps that kind alone.
    first, last = first | (_names_dataset("first") - last), last | (_names_dataset("last") - first)
    return sorted(first), sorted(last)


def wordlike(first: list[str]) -> list[str]:
    """Given names that are also ordinary lower-case words in the project's English filler and
    training templates ("True", "Server", "Lemon", "Vera", "Otto"): never a name on the list alone."""
    root = Path(__file__).resolve().parents[3] / "scripts" / "ner_data"
    words: set[str] = set()
    for path in [root / "filler_en.txt", *sorted((root / "templates").glob("*.txt"))]:
        words.update(re.findall(r"(?<![\w{])[a-zà-ÿ][a-zà-ÿ'\-]+(?![\w}])", path.read_text("utf-8")))
    return sorted(n for n in first if n.lower() in words)


def main() -> None:
    first, last = build()
    out = Path(__file__).with_name("_names.py")

    def block(name: str, values: list[str]) -> str:
        return f"{name}: frozenset[str] = frozenset({{\n" + "\n".join(f"    {v!r}," for v in values) + "\n})\n"

    out.write_text('"""Generated by ``_gen_names.py`` from Faker\'s person providers: do not edit."""\n\n'
                   "# fmt: off\n" + block("FIRST_NAMES", first) + "\n" + block("LAST_NAMES", last) + "\n"
                   + block("WORDLIKE_GIVEN_NAMES", wordlike(first)), "utf-8")
    print(f"wrote {len(first)} given names and {len(last)} surnames to {out}")


if __name__ == "__main__":
    main()

"""Names carried by layout: transcripts, attendee lists, @mentions, slash signatures."""

from __future__ import annotations

import pytest

from llm_warden.classify.rosters import find_roster_names


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_roster_names(text)]


def test_speakers_of_a_dialogue() -> None:
    text = ("Clean up this transcript:\n\nGrace: um so yeah the pilot went well\n"
            "Obi: yeah and the council liked it\nGrace: okay so, can you send it")
    assert _names(text) == ["Grace", "Obi", "Grace"]


def test_own_lines_and_lower_case_names_in_a_dialogue() -> None:
    text = ("Lucía: oye, Rafa dice que la casa la quiere vender ya\nyo: no se, habrá que hablarlo con todos\n"
            "Lucía: yo no estoy de acuerdo\nyo: vale")
    assert _names(text) == ["Lucía", "Lucía"]  # "yo:" is the writer: a speaker, not a name
    text = ("jordan: ok who's in for florence in may\nsummer: depends on the dates, paris has a wedding\n"
            "jordan: we could fly on the 10th\nsummer: gonna be rammed tbh")
    assert _names(text) == ["jordan", "summer", "jordan", "summer"]  # names that are also words, twice each
    text = "jordan: ok who's in for it\nwill: me obviously, count me in\njordan: great\nwill: lol ok then"
    assert _names(text) == ["jordan", "will", "jordan", "will"]
    text = "Geir (nabo): Hei. Bilen din står i veien igjen\nmeg: beklager, det var broren min\nGeir (nabo): Uansett."
    assert _names(text) == ["Geir", "Geir"]
    text = "may: 3 sessions booked for the whole team\njune: 4 sessions booked for the team\nmay: again more"
    assert _names(text) == []  # months


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Priyanka 10:42 AM: who has the creds for staging?\nben t. 10:43 AM: mongodb://admin@db/x\n"
         "Priyanka 10:43 AM: ty! also rotate it please", ["Priyanka", "ben t.", "Priyanka"]),  # a Slack copy
        ("[12/6 21:14] Carmen: chicos el cumple es el sábado\n[12/6 21:15] Javi M: vale yo encargo la tarta\n"
         "[12/6 21:16] Carmen: haced bizum, 15 cada uno", ["Carmen", "Javi M", "Carmen"]),  # WhatsApp, no year
        ("Ines (10:15): we ship on friday then\nTomas (10:16): fine by me, go ahead\nInes (10:17): ok",
         ["Ines", "Tomas", "Ines"]),
        ("[19.05] dewi: siap bu, aku udah transfer ya\n[19.06] Nining: aku belum, nanti malam ya\n"
         "[19.07] dewi: oke bu, ditunggu ya", ["dewi", "Nining", "dewi"]),  # a clock with dots
    ],
)
def test_speakers_with_times_and_dates(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Build 2.3 10:42: done with all the steps\nDeploy 10:45 AM: ok and then more\nDeploy 10:46 AM: ok and more",
        "step 10:42: started the job again\nerror 10:43: it failed once more\nstep 10:44: retry with more",
        "User: hi\nAssistant: hello\nUser: bye",  # roles, not people
        "Note: one\nError: two\nNote: three",
        "Grace: just one line from one speaker",  # no dialogue
        "Priority: high\nPriority: low\nOwner: tbd",  # field labels with values, not utterances
    ],
)
def test_labels_that_are_not_a_dialogue_of_people(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Weekly sync 14/05\npresent: sarah, ben o., kofi, ana l.\n- sarah to finish",
         ["sarah", "ben o.", "kofi", "ana l."]),
        ("Attendees: Femi, Rosalind Achebe, Kwame, Jo-Ann Whitcombe (Brightwater), J. P. Lindgren, me\n",
         ["Femi", "Rosalind Achebe", "Kwame", "Jo-Ann Whitcombe", "J. P. Lindgren"]),
        ("Anwesend: Jonas, Frau Weber. Danach Agenda.", ["Jonas", "Weber"]),  # the title stays outside
        ("Aanwezig: Femke, Bram Hoekstra, dhr. Kuipers (aannemer)\n- x", ["Femke", "Bram Hoekstra", "Kuipers"]),
        ("cc: all, the team", []),
        ("Participants: 12 people from 3 teams", []),
    ],
)
def test_attendee_lists(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


def test_mentions_and_slash_signatures() -> None:
    assert _names("hey @Dana just circling back, cc @tkowalczyk and dana@example.com") == ["Dana"]
    assert _names("Ring mig på 070-318 42 96. /Oskar") == ["Oskar"]
    assert _names('"Ci vediamo al casello alle 8. — Enzo"') == ["Enzo"]
    assert _names("see /Users and a/B testing, path /Oskar/x") == []


def test_git_trailers_are_no_speakers() -> None:
    text = ("commit 9f8d05e6a1f7\nAuthor: Nadia Petrescu <nadia@example.com>\nDate:   Mon May 13 10:02:11 2024\n\n"
            "    fix the rounding of invoice totals in the export\n\ncommit 3b8a6c5d4e3f\n"
            "Author: Lena Brandt <lena@example.de>\n\n    add the German tax report for customers\n\n"
            "    Co-authored-by: Nadia Petrescu <nadia@example.com>\n")
    assert not {"Author", "Date", "Co-authored-by"} & set(_names(text))


def test_names_heading_the_messages_of_a_chat_copy() -> None:
    text = ("#inc-2291\nDana Whitfield 02:14  @oncall payments api 5xx at 31%\n"
            "Rohan Mehta 02:16  looking. db primary is at 100% cpu\nDana Whitfield 02:23  kill it")
    assert _names(text) == ["Dana Whitfield", "Rohan Mehta", "Dana Whitfield"]


def test_a_schedule_is_no_chat_copy() -> None:
    assert _names("Agenda\nRegistration 09:00  main hall\nLunch 12:30  canteen\nKeynote 14:00  room B") == []


def test_a_forwarded_message_names_its_sender() -> None:
    assert _names("pls translate\n\nKasia: hej, słuchaj, jutro nie dam rady przyjść do biura") == ["Kasia"]
    assert _names("Note: this is the summary of the call we had") == []  # no given name
    assert _names("Grace: thanks for the quick reply today") == []  # a name that is also a word, once
    assert _names("Maria: ok") == []  # no sentence after it


def test_a_buyer_and_a_seller_are_roles() -> None:
    text = ("Ophalen in Utrecht, groetjes Femke\nKoper: Hoi Femke, ik ben Ruud en ik wil het kopen\n"
            "Koper: Kunt u eerst 0,01 cent overmaken?\nFemke: Nee, dat doe ik niet, sorry hoor")
    assert "Koper" not in _names(text)
    assert _names("Présents : Mme Roux, M. Benali, équipe pédagogique.") == ["Roux", "Benali"]


def test_email_headers_and_invoice_fields_are_no_speakers() -> None:
    text = ("Received: from mail-out.example.com (10.1.2.3) by mx.example.com\nReceived: from localhost\n"
            "Return-Path: <alerts@example.com>\nReply-To: desk@example.org\nAuthentication-Results: spf=fail\n")
    assert find_roster_names(text) == []
    invoice = "GSTIN: 27AABCS1429B1Z5\nContact: see below\nBank: HDFC Bank, branch\nGSTIN: 29AAFFL7731K1ZQ\n"
    assert find_roster_names(invoice) == []


def test_a_chat_header_with_a_listed_surname() -> None:
    text = "Sneha Kulkarni 11:06\n@Ankit kindly revoke it\nAnkit Sharma 11:20\nok will do by EOD."
    found = sorted(find_roster_names(text), key=lambda f: f.start)
    assert [text[f.start : f.end] for f in found] == ["Sneha Kulkarni", "Ankit", "Ankit Sharma"]  # "@Ankit" too


def test_changelog_entries_are_no_speakers() -> None:
    text = "- Fixed: export dropped a row\n- Changed: runtime bumped\n- Fixed: crash on start\n- Added: dark mode\n"
    assert find_roster_names(text) == []


def test_chat_mentions_of_unlisted_names_and_what_is_no_mention() -> None:
    assert _names("[9:02 AM] kyle.b: @Tamsin can you check why the deploy failed?") == ["Tamsin"]
    assert _names("cc @Dana Kowalski, please review") == ["Dana Kowalski"]
    assert _names("    @Override\n    public String toString() {") == []  # a decorator
    assert _names("@Component\nclass Foo {}") == []
    assert _names("ping @jsmith_22 or @here") == []  # a handle and a special mention


def test_changelog_entries_and_months_are_no_speakers() -> None:
    changelog = ("## 2.10.4.1 (2024-05-14)\n- Fix: export to CSV dropped the last row\n- Internal: bump protobuf\n"
                 "## 2.10.4 (2024-05-02)\n- New: dark mode follows the system setting\n- Fix: crash on startup when "
                 "the locale is missing\n- New: bulk edit for tags\n- Perf: cold start twice as fast on Android\n")
    assert _names(changelog) == []
    plan = ("Plan del huerto:\n- Marzo: sembrar rabanitos y guisantes.\n- Abril: plantar patatas y sembrar judías.\n"
            "- Mayo: trasplantar tomates al exterior cuando no haya heladas.\n- Abril: revisar el riego por goteo.\n")
    assert _names(plan) == []


def test_a_degree_after_a_name_in_a_list_is_no_person() -> None:
    assert _names("ATTENDING: Rajiv Menon, MD\nDX: Community-acquired pneumonia") == ["Rajiv Menon"]


def test_lower_case_speakers_after_a_chat_stamp_are_people_but_not_words() -> None:
    chat = ("[7:02 PM] joanna: ok confirmed, reunion sat 6pm at the usual place\n"
            "[7:04 PM] mark anthony: ill bring lechon from the market\n"
            "[7:06 PM] joanna: sure, see you all there then\n"
            "[7:10 PM] rj: address again?\n"
            "[7:11 PM] update: the venue changed\n"
            "[7:12 PM] tacoTuesday_88: on my way now, see you all\n")
    found = sorted({chat[f.start : f.end] for f in find_roster_names(chat)})
    assert found == ["joanna", "mark anthony", "rj"]


def test_a_chat_stamp_may_open_with_a_weekday() -> None:
    chat = ("[mon 5:42 pm] tracy: anyone going to the sportsplex tomorrow morning?\n"
            "[mon 5:43 pm] dev patel: i got thursday, can fit 3 in the van\n"
            "[mon 5:50 pm] tracy: great, see you all there then\n")
    assert sorted({chat[f.start : f.end] for f in find_roster_names(chat)}) == ["dev patel", "tracy"]

"""Merchants, payees and branch towns on bank statement lines (``classify.statements``)."""

from __future__ import annotations

from llm_warden.classify.statements import find_statement_entities


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in sorted(find_statement_entities(text), key=lambda f: f.start)]


def test_merchants_and_towns_on_bank_statement_lines() -> None:
    text = ("Categorise these:\n\n03/05  CITYWAY TRAVEL              £2.80\n04/05  OCTAVIA ENERGY DD           £94.20\n"
            "06/05  TRANSFER TO A OKAFOR         £250.00\n03/05  TESCO STORES 2241 WATFORD        -42.18\n"
            "2024-06-02,APPLE.COM/BILL,-0.99,4462\n")
    assert _found(text) == [("ORGANIZATION", "CITYWAY TRAVEL"), ("ORGANIZATION", "OCTAVIA ENERGY"),
                               ("PERSON", "A OKAFOR"), ("ORGANIZATION", "TESCO STORES"), ("LOCATION", "WATFORD")]
    dutch = "03-06 BEA Versmarkt De Pijp AMSTERDAM      -42,18\n03-06 iDEAL Stadsvervoer Amstel     -20,00\n"
    assert _found(dutch) == [("ORGANIZATION", "Versmarkt De Pijp"), ("LOCATION", "AMSTERDAM"),
                                ("ORGANIZATION", "Stadsvervoer Amstel")]


def test_one_dated_line_with_a_sum_is_no_statement() -> None:
    assert _found("12/05 Meeting with Bob 10.00\nbring the slides") == []


def test_the_payee_of_a_transfer_line_is_a_person() -> None:
    text = ("03/05  CITYWAY TRAVEL              £2.80\n06/05  TRANSFER TO A OKAFOR         £250.00\n"
            "06/05  FASTER PAYMENT TO A. DOUGLAS     -350.00\n")
    assert ("PERSON", "A OKAFOR") in _found(text) and ("PERSON", "A. DOUGLAS") in _found(text)
    assert not [v for t, v in _found(text) if t == "LOCATION"]  # Douglas is a payee here, not the town


def test_statement_merchants_with_abbreviations() -> None:
    text = ("Date,Description,Amount,Balance\n02/06,TESCO STORES 3342 HACKNEY,-42.18,1203.55\n"
            "04/06,SAINSBURYS S/MKT DALSTON,-61.07,1577.13\n05/06,APPLE.COM/BILL,-0.99,1576.14")
    found = [(f.type, text[f.start : f.end]) for f in find_statement_entities(text)]
    assert ("ORGANIZATION", "SAINSBURYS S/MKT") in found and ("LOCATION", "DALSTON") in found
    assert not any("APPLE" in v for _, v in found)  # a web address


def test_statement_lines_dated_with_a_month_name() -> None:
    text = ("Date   Description                          Amount\n"
            "05 Oct  DIRECT DEBIT THAMES WATER                  38.00\n"
            "10 Oct  LIDL GB LONDON                          17.99\n")
    found = [(f.type, text[f.start : f.end]) for f in find_statement_entities(text)]
    assert ("ORGANIZATION", "THAMES WATER") in found and ("ORGANIZATION", "LIDL") in found


def test_transfers_by_scheme_code_name_the_other_person() -> None:
    text = ("01/04  PRET A MANGER                -6.85\n03/04  FPS FROM A ADEBAYO REF RENT SHARE     +650.00\n"
            "03/04  STO KEMI BAKARE REF POCKET MONEY      -20.00\n08/04  ATM WITHDRAWAL PECKHAM RYE     -50.00\n"
            "09/04  FPS TO HARBOUR LIGHTS LTD REF INV 88    -120.00\n")
    assert _found(text) == [("ORGANIZATION", "PRET A MANGER"), ("PERSON", "A ADEBAYO"), ("PERSON", "KEMI BAKARE"),
                            ("LOCATION", "PECKHAM RYE"), ("ORGANIZATION", "HARBOUR LIGHTS LTD")]
    brazil = "05/03  PIX RECEBIDO MARIANA COSTA LIMA   +350,00\n08/03  PIX ENVIADO JOAO PEDRO SOUZA  -120,00\n"
    assert _found(brazil) == [("PERSON", "MARIANA COSTA LIMA"), ("PERSON", "JOAO PEDRO SOUZA")]


def test_spelled_out_transfer_schemes_and_titles_before_the_payee() -> None:
    text = ("03 Oct  FASTER PAYMENT FROM K OSEI REF RENT SHARE       +450.00\n"
            "08 Oct  STANDING ORDER TO MRS E MENSAH-BONSU MUM          100.00\n"
            "15/05  SO H PRICE RENT SHARE                 -400.00\n")
    assert _found(text) == [("PERSON", "K OSEI"), ("PERSON", "E MENSAH-BONSU"), ("PERSON", "H PRICE")]


def test_amounts_with_a_currency_code_before_or_after() -> None:
    """Foreign-currency lines carry an ISO code, and forints have no cents: the town still ends the merchant."""
    text = ("11/05  ELECTRO-MAX KFT BUDAPEST           HUF 148,900\n"
            "02.05  BIEDRONKA 3417 GDANSK                     -84,21 PLN\n")
    assert _found(text) == [("ORGANIZATION", "ELECTRO-MAX KFT"), ("LOCATION", "BUDAPEST"),
                            ("ORGANIZATION", "BIEDRONKA"), ("LOCATION", "GDANSK")]


def test_a_cash_machine_town_before_its_country_code() -> None:
    text = "2024-06-01,AMAZON MKTPLACE,-89.99,x\n2024-06-02,CASH WDL NAIROBI KE,-450.00,x\n"
    assert ("LOCATION", "NAIROBI") in _found(text)
    assert not any(t == "LOCATION" and "KE" in s.split() for t, s in _found(text))


def test_rand_amounts_and_a_state_code_that_is_no_legal_form() -> None:
    text = ("03 Aug  CHECKERS HYPER SOMERSET WEST        R 1 284,50\n"
            "14 Aug  DIS-CHEM STELLENBOSCH               R   342,10\n")
    assert _found(text) == [("ORGANIZATION", "CHECKERS HYPER"), ("LOCATION", "SOMERSET WEST"),
                            ("ORGANIZATION", "DIS-CHEM"), ("LOCATION", "STELLENBOSCH")]
    from llm_warden.classify.organizations import find_organizations

    us = "04/19  BLUEWAVE ELECTRONICS  RENO NV   $1,089.99\n04/20  BLUEWAVE ELECTRONICS  RENO NV   $9.99\n"
    found = {(f.type, us[f.start : f.end]) for f in find_organizations(us)}
    assert found == {("ORGANIZATION", "BLUEWAVE ELECTRONICS"), ("LOCATION", "RENO")}  # NV: Nevada, not a Dutch NV

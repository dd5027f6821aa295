#!/usr/bin/env python3
"""Writes tests/vectors/pii/*.json: one column case per entity (true), look-alike columns
(false), quasi-identifier columns and free-text cases with expected spans.

Stdlib only; deterministic (fixed seed). Identifiers come from scripts/pii_synth.py, which
computes their check digits independently of the Rust validators.

    python3 scripts/gen_pii_vectors.py
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
import pii_synth as S  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "vectors", "pii")
N = 12


def column(name, description, header, values, verdict, quasi=None):
    expected = {"verdict": verdict}
    if quasi is not None:
        expected["quasi_identifiers"] = quasi
    return name, {
        "description": description,
        "kind": "column",
        "input": {"header": header, "values": values},
        "options": {},
        "expected": expected,
    }


def text(name, description, parts):
    """`parts` is a list of plain strings and (entity, value) pairs; the expected spans
    are computed from where the pairs land (char offsets, as Python indexes strings)."""
    out, spans = "", []
    for p in parts:
        if isinstance(p, tuple):
            entity, value = p
            spans.append({"entity": entity, "char_start": len(out), "char_end": len(out) + len(value)})
            out += value
        else:
            out += p
    return name, {
        "description": description,
        "kind": "text",
        "input": {"text": out},
        "options": {},
        "expected": {"spans": spans},
    }


def main():
    r = random.Random(20240601)
    g = lambda f, *a: [f(r, *a) for _ in range(N)]  # noqa: E731
    cases = [
        column("col-email", "e-mail addresses under a Welsh header", "cyfeiriad e-bost", g(S.email, "en_GB"), "EMAIL_ADDRESS"),
        column("col-phone-gb", "GB phone numbers, national and international", "Tel.", g(S.phone, "en_GB"), "PHONE_NUMBER"),
        column("col-phone-de", "German phone numbers under a German header", "Telefonnummer", g(S.phone, "de_DE"), "PHONE_NUMBER"),
        column("col-phone-fr", "French phone numbers under a vague header", "contact", g(S.phone, "fr_FR"), "PHONE_NUMBER"),
        column("col-phone-es", "Spanish phone numbers", "teléfono", g(S.phone, "es_ES"), "PHONE_NUMBER"),
        column("col-phone-it", "Italian phone numbers", "telefono", g(S.phone, "it_IT"), "PHONE_NUMBER"),
        column("col-phone-nl", "Dutch phone numbers", "telefoonnummer", g(S.phone, "nl_NL"), "PHONE_NUMBER"),
        column("col-phone-pl", "Polish phone numbers", "numer telefonu", g(S.phone, "pl_PL"), "PHONE_NUMBER"),
        column("col-phone-se", "Swedish phone numbers", "telefon", g(S.phone, "sv_SE"), "PHONE_NUMBER"),
        column("col-phone-dk", "Danish phone numbers", "telefon", g(S.phone, "da_DK"), "PHONE_NUMBER"),
        column("col-phone-fi", "Finnish phone numbers", "puhelin", g(S.phone, "fi_FI"), "PHONE_NUMBER"),
        column("col-phone-us", "US phone numbers", "phone", g(S.phone, "en_US"), "PHONE_NUMBER"),
        column("col-ipv4", "IPv4 addresses under a vague header", "source", g(S.ipv4), "IP_ADDRESS"),
        column("col-ipv6", "IPv6 addresses", "client ip", g(S.ipv6), "IP_ADDRESS"),
        column("col-mac", "MAC addresses", "device", g(S.mac), "MAC_ADDRESS"),
        column("col-credit-card", "card numbers under a misleading header", "order ref", g(S.credit_card), "CREDIT_CARD"),
        column("col-iban", "IBANs of several countries", "account", g(S.iban), "IBAN_CODE"),
        column("col-uk-nino", "NI numbers under a vague header", "ref", g(S.nino), "UK_NINO"),
        column("col-uk-nhs", "NHS numbers", "NHS No", g(S.nhs), "UK_NHS"),
        column("col-us-ssn", "SSNs", "SSN", g(S.ssn), "US_SSN"),
        column("col-us-itin", "ITINs", "itin", g(S.itin), "US_ITIN"),
        column("col-passport", "passport numbers need their header", "Passport number", g(S.passport), "PASSPORT"),
        column("col-es-nif", "DNI numbers", "DNI", g(S.es_dni), "ES_NIF"),
        column("col-es-nie", "NIE numbers", "documento", g(S.es_nie), "ES_NIE"),
        column("col-it-fiscal-code", "codici fiscali", "codice fiscale", g(S.it_fiscal_code), "IT_FISCAL_CODE"),
        column("col-nl-bsn", "BSNs as bare digits", "bsn", g(S.nl_bsn), "NL_BSN"),
        column("col-pl-pesel", "PESEL numbers", "pesel", g(S.pl_pesel), "PL_PESEL"),
        column("col-se-personnummer", "Swedish personnummer", "personnummer", g(S.se_personnummer), "SE_PERSONNUMMER"),
        column("col-fi-hetu", "Finnish HETU", "henkilötunnus", g(S.fi_hetu), "FI_PERSONAL_IDENTITY_CODE"),
        column("col-dk-cpr", "Danish CPR numbers", "CPR-nummer", g(S.dk_cpr), "DK_CPR"),
        column("col-fr-nir", "French NIR", "numéro de sécurité sociale", g(S.fr_nir), "FR_NIR"),
        column("col-de-tax-id", "German tax ids", "Steuer-ID", g(S.de_tax_id), "DE_TAX_ID"),
        column("col-be-national-number", "Belgian national numbers", "rijksregisternummer", g(S.be_national_number), "BE_NATIONAL_NUMBER"),
        column("col-ie-pps", "Irish PPS numbers", "PPSN", g(S.ie_pps), "IE_PPS"),
        column("col-no-fodselsnummer", "Norwegian fødselsnummer", "fødselsnummer", g(S.no_fodselsnummer), "NO_FODSELSNUMMER"),
        column("col-uk-postcode", "full UK postcodes", "address_postcode", g(S.uk_postcode), "UK_POSTCODE"),
        column("col-uk-vehicle", "GB registrations", "vehicle", g(S.uk_vehicle), "UK_VEHICLE_REGISTRATION"),
        column("col-date-of-birth", "dates of birth under a Dutch header", "geboortedatum", g(S.dob), "DATE_OF_BIRTH"),
        column("col-person", "full names from several countries", "applicant", [S.person(r, loc) for loc in S.LOCALES] + [S.person(r, "en_GB")], "PERSON"),
        column("col-person-vague", "names under a vague header", "field_7", [S.person(r, loc) for loc in S.LOCALES] + [S.person(r, "de_DE")], "PERSON"),
        column("col-street-address", "street addresses of several countries", "addr", [S.street(r, loc) for loc in S.LOCALES] + [S.street(r, "en_GB")], "STREET_ADDRESS"),
        column("col-street-address-units", "US and UK street types with units, Polish and Italian house/flat numbers, Nordic street words", "location_1", ["12188 Ronald Ranch Apt. 651", "251 Tina Village Suite 271", "Flat 5, Wallace Court", "Flat 2\nRogers Street", "ul. Leśna 21/57", "al. Jana Pawła II 12", "Vicolo Maria, 842 Appartamento 3", "Heckerallee 1/9", "Berliner Straße 5", "Kongens gate 12", "Maasalonpolku 838", "Eduskuntakuja 9"], "STREET_ADDRESS"),
        column("col-phone-us-extensions", "North American numbers without a space after the area code, or with an extension", "contact_2", ["(573)243-4798", "425-976-7913 x194", "316.730.7179x6871", "+1-685-840-9746 ext. 12", "(415)555-0199 x12", "(646)555-0147", "212-555-0123 extension 45"], "PHONE_NUMBER"),
        column("col-phone-e164", "phone numbers in E.164 form keep their + (not read as integers)", "field_4", ["+442079460018", "+4930123456", "+33142685300", "+12125550123", "+34912345678", "+48221234567", "+31201234567", "+46812345678"], "PHONE_NUMBER"),
        column("col-email-international", "e-mail addresses with an apostrophe or accented letters before the @", "contact", ["zoë.o'brien86@example.org", "élodie.dupont@exemple.fr", "o'neill@example.ie", "jürgen.groß@beispiel.de", "siân.roberts@example.org", "ana.garcía@ejemplo.es"], "EMAIL_ADDRESS"),
        column("col-dob-short-year", "dates of birth with a two-digit year under a birth header", "DOB", ["01/02/80", "15/07/75", "31/12/64", "09/09/99", "23/03/88", "02.11.01", "17-05-59", "28/02/93"], "DATE_OF_BIRTH"),
        column("col-version-short-year", "the same shapes under another header are versions, not dates", "version", ["01.02.80", "15.07.75", "3.12.64", "09.09.99", "2.3.88", "02.11.01", "1.5.59", "8.2.93"], None),
        column("col-dob-worded", "dates of birth with the month in words", "date of birth", ["19 February 1999", "3 March 1985", "Feb 19, 1999", "12 Rhagfyr 1990", "1er mars 1985", "19. Februar 1999", "7 de julio de 1972", "30 Sep 1966"], "DATE_OF_BIRTH"),
        column("col-geo-brackets", "coordinate pairs in brackets", "location", ["(51.50735, -0.12776)", "(53.48095, -2.23743)", "(48.85661, 2.35222)", "(52.52001, 13.40495)"], "GEO_COORDINATES"),
        column("col-bsn-spaced", "BSNs in groups of three under a BSN header", "BSN", ["111 222 333", "123 456 782", "100 000 009", "111 111 110"], "NL_BSN"),
        column("col-de-tax-id-spaced", "German tax ids with spaces under a Steuer-ID header", "Steuer-ID", ["86 095 742 719", "47 036 892 816", "65 929 970 489", "57 549 285 017"], "DE_TAX_ID"),
        column("col-person-initials-lowercase", "names with initials, and names written all in lowercase", "full_name", ["J. Smith", "Smith, J.", "A. M. Jones", "john smith", "mary jones", "Brown, K."], "PERSON"),
        column("col-phone-pairs", "Danish numbers in pairs of digits", "kontakt", ["32 12 34 56", "20 45 67 89", "45 87 12 90", "70 10 20 30", "33 44 55 66", "86 12 34 90"], "PHONE_NUMBER"),
        column("col-geo", "precise coordinate pairs", "location", g(S.geo), "GEO_COORDINATES"),
        column("col-uk-vehicle-dated", "GB registrations in the prefix (1983-2001) and suffix (1963-1983) formats under a registration header", "Vehicle Reg", ["K123 ABC", "P45 XYZ", "A1 BCD", "Y999 FGH", "ABC 123D", "JKL 4M", "RST 56V", "WXY 789A"], "UK_VEHICLE_REGISTRATION"),
        column("no-plate-shaped-codes", "codes shaped like dated plates are not registrations without a registration header", "item_code", ["K123 ABC", "P45 XYZ", "A1 BCD", "Y999 FGH", "ABC 123D", "JKL 4M", "RST 56V", "WXY 789A"], None, []),
        column("col-geo-wkt", "WKT points as GIS tools and Socrata portals export them (longitude first)", "the_geom", ["POINT (-87.629799 41.878113)", "POINT (-0.12776 51.50735)", "POINT (2.35222 48.85661)", "POINT (13.40495 52.52001)"], "GEO_COORDINATES"),
        column("col-url", "profile URLs", "website", g(S.url, "en_US"), "URL"),
        column("col-username", "user names under a user-name header", "username", g(S.username, "nl_NL"), "USERNAME"),
        # look-alikes: nothing fires
        column("no-uuid", "UUIDs are not identifiers of people", "id", g(S.uuid), None, []),
        column("no-ean", "EAN-13 barcodes (Luhn-like check, not Luhn)", "barcode", g(S.ean13), None, []),
        column("no-isbn", "ISBN-13", "isbn", g(S.isbn13), None, []),
        column("no-amount", "amounts", "amount", g(S.amount), None, []),
        column("no-order-date", "order dates cluster in one year", "order_date", g(S.order_date), None, []),
        column("no-product-code", "product codes", "product", g(S.product_code), None, []),
        column("no-row-count", "row counts under a count header", "count", g(S.row_count), None, []),
        column("no-random-16-digits", "random 16-digit numbers pass Luhn 1 in 10: noise", "number", [S.random_digits(r, 16) for _ in range(40)], None, []),
        column("no-passport-without-header", "passport-like numbers without a passport header", "reference", g(S.passport), None, []),
        column("no-person-town", "two-word places read like names (Milton Keynes, Newton Abbot), but a header that names a place (town, location, town name) says they are places", "town", ["Milton Keynes", "Stoke Newington", "Hemel Hempstead", "Bishop Auckland", "Newton Abbot", "Sutton Coldfield", "Leighton Buzzard", "Melton Mowbray", "Haywards Heath", "Castle Douglas", "Newton Stewart", "Kelvin Grove"], None, []),
        column("no-seasons", "seasons with a year are not compound street names (Spr-ing 2024)", "term", ["Spring 2024", "Autumn 2023", "Spring 2023", "Summer 2024", "Winter 2022", "Catering 12", "Engineering 2021", "Spring 2025"], None, []),
        column("no-email-header-only", "a header alone is not evidence", "email", ["n/a", "none", "-", "unknown"] * 3, None, []),
        # quasi-identifiers
        column("quasi-age", "ages with an age header", "Age", [str(r.randint(0, 95)) for _ in range(N)], None, ["AGE"]),
        column("quasi-sex", "sex categories", "gender", [r.choice(["F", "M", "Female", "Male"]) for _ in range(N)], None, ["SEX"]),
        column("quasi-postcode-district", "outward codes only", "district", [r.choice(["SW1A", "M1", "CF10", "LS6"]) for _ in range(N)], None, ["POSTCODE_DISTRICT"]),
        column("quasi-birth-year", "birth years", "year of birth", [str(r.randint(1930, 2005)) for _ in range(N)], None, ["BIRTH_YEAR"]),
        column("quasi-ethnicity", "ethnic groups (ONS labels)", "ethnic group", [r.choice(["White British", "Asian or Asian British: Indian", "Black African", "Mixed"]) for _ in range(N)], None, ["ETHNICITY"]),
        column("col-iban-lower-dashed", "IBANs in lowercase or in dashed groups", "konto", [v.replace(" ", "").lower() if i % 2 else "-".join(v.replace(" ", "")[j:j + 4] for j in range(0, len(v.replace(" ", "")), 4)) for i, v in enumerate(g(S.iban))], "IBAN_CODE"),
        column("col-uk-nino-dashed", "NI numbers written with dashes", "nino", [v.replace(" ", "")[:2] + "-" + v.replace(" ", "")[2:4] + "-" + v.replace(" ", "")[4:6] + "-" + v.replace(" ", "")[6:8] + "-" + v.replace(" ", "")[8:] for v in g(S.nino)], "UK_NINO"),
        column("col-mac-bare", "MAC addresses as 12 hex digits under a MAC header", "mac address", [v.replace(":", "") for v in g(S.mac)], "MAC_ADDRESS"),
        column("col-no-mac-bare-hex", "12 hex digits under an id header are ids, not MAC addresses", "object id", [v.replace(":", "") for v in g(S.mac)], None),
        column("col-ipv6-mapped", "IPv4-mapped IPv6 addresses", "client", ["::ffff:" + v for v in g(S.ipv4)], "IP_ADDRESS"),
        column("col-person-surname-unlisted", "Polish surnames, most of which the embedded lists lack, under a header that can only mean a surname", "nazwisko", ["Wójcik", "Kowalczyk", "Woźniak", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski"], "PERSON"),
        column("no-station-names", "station names, some named after people, under a `station name` header", "StationName", ["Paddington", "Euston", "Kings Cross", "Victoria", "Waterloo", "Marylebone", "Liverpool Street", "Fenchurch Street", "London Bridge", "Cannon Street", "Charing Cross", "Blackfriars"], None, []),
        column("no-school-names", "school names, many named after people", "school_name", ["King Edward VI School", "St Mary's Primary", "Sir John Cass School", "Elizabeth Garrett Anderson", "Thomas Tallis School", "Florence Nightingale Academy", "Alexandra Park School", "William Morris Academy", "Queen Victoria School", "Isaac Newton Academy", "Charles Dickens Primary", "Harris Academy"], None, []),
        # free text
        text("text-email-phone", "e-mail and phone in a sentence", ["Contact ", ("EMAIL_ADDRESS", "jane.doe@example.org"), " or ring ", ("PHONE_NUMBER", "+44 20 7946 0018"), " after 5pm."]),
        text("text-phone-area-codes", "national phone numbers with two-digit area codes", ["Appelez le ", ("PHONE_NUMBER", "01 29 52 92 65"), " ou ring ", ("PHONE_NUMBER", "08-759 083 92"), "."]),
        text("text-no-phone-ticket-date", "a ticket number and a date are not phone numbers", ["Call us about ticket 0352557 of 01-12-2024."]),
        text("text-nhs-over-phone", "an NHS number near a phone word stays an NHS number", ["Call me later. NHS number ", ("UK_NHS", "9493187381"), " was quoted."]),
        text("text-address-flat-welsh", "a flat before the house number, and a Welsh street", ["Moved from ", ("STREET_ADDRESS", "Flat 20, 31 Park Avenue"), " to ", ("STREET_ADDRESS", "124 Heol y Nant"), "."]),
        text("text-phone-extension-title", "a phone number with its extension, and a title before a name", ["Ring ", ("PHONE_NUMBER", "(212)555-0123 x45"), " and ask for pani ", ("PERSON", "Anna Nowak"), "."]),
        text("text-no-address-season", "a season and year is no address", ["Results for Spring 2024 and Catering 12 are out."]),
        text("text-dob-worded", "a date of birth with the month in words; a meeting date is none", ["She was born on ", ("DATE_OF_BIRTH", "19 February 1999"), " in Leeds; the meeting is on 19 February 2024."]),
        text("text-person-compound", "double-barrelled and Mc/O' surnames, a double first name", ["Ask ", ("PERSON", "Mary O'Brien"), ", ", ("PERSON", "Dominic Smith-Foster"), " or ", ("PERSON", "Jean-Luc Picard"), "."]),
        text("text-iban", "IBAN with spaces", ["Please transfer to ", ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"), " by Friday."]),
        text("text-card", "card number", ["Paid with card ", ("CREDIT_CARD", "4111 1111 1111 1111"), "."]),
        text("text-nino-nhs", "UK identifiers", ["NI number ", ("UK_NINO", "AB 12 34 56 C"), ", NHS number ", ("UK_NHS", "943 476 5919"), "."]),
        text("text-ssn", "SSN with context", ["SSN: ", ("US_SSN", "536-22-8726"), "."]),
        text("text-ip", "IP addresses", ["Login from ", ("IP_ADDRESS", "203.0.113.42"), " and ", ("IP_ADDRESS", "2001:db8::1"), "."]),
        text("text-mac", "MAC address", ["Device ", ("MAC_ADDRESS", "00:1a:2b:3c:4d:5e"), " connected."]),
        text("text-mac-bare", "a MAC address without separators needs its context word", ["MAC ", ("MAC_ADDRESS", "001a2b3c4d5e"), " joined; build 001a2b3c4d5f did not."]),
        text("text-contact-schemes", "mailto: and tel: do not glue the address or number to the scheme; hotel: does", ["Write to mailto:", ("EMAIL_ADDRESS", "jan.kowalski@example.pl"), " or call tel:", ("PHONE_NUMBER", "+442079460958"), ", not hotel:+442079460957."]),
        text("text-iban-lower-dashed", "IBANs in lowercase and in dashed groups", ["Pay ", ("IBAN_CODE", "gb82west12345698765432"), " or ", ("IBAN_CODE", "DE89-3704-0044-0532-0130-00"), "."]),
        text("text-nino-dashed", "an NI number with dashes", ["NINO ", ("UK_NINO", "AB-12-34-56-C"), " on file."]),
        text("text-ipv6-mapped", "IPv4-mapped and -embedded IPv6 addresses", ["Seen from ", ("IP_ADDRESS", "::ffff:192.0.2.1"), " and ", ("IP_ADDRESS", "64:ff9b::192.0.2.33"), "."]),
        text("text-address-full-stop", "an address ending a sentence leaves its full stop; an abbreviated street type keeps its dot", ["Objection from ", ("PERSON", "David Robinson"), " of ", ("STREET_ADDRESS", "79 Church Lane"), ". Reply to ", ("STREET_ADDRESS", "9 Elm Ct."), " or ", ("STREET_ADDRESS", "12 High St."), " now."]),
        text("text-geo-labelled", "a precise pair with its longitude labelled; the latitude's label is context outside the span", ["Found at lat ", ("GEO_COORDINATES", "51.5074, long -0.1278"), " near the gate."]),
        text("text-phone-nordic-abbreviations", "Danish and Norwegian numbers after tlf. and Dutch ones after telefoon, in pairs or unsplit: a bare digit run counts only beside a phone word, and a clause break parts them", ["Tlf. ", ("PHONE_NUMBER", "24 89 60 90"), " eller ", ("PHONE_NUMBER", "24896090"), "; telefoon ", ("PHONE_NUMBER", "0612345678"), ". Invoice 24896090, order 33905101."]),
        text("text-phone-00-prefix", "a number dialled with 00 counts 15 digits after the prefix, as after a +", ["Ring ", ("PHONE_NUMBER", "0043 2210 9981 7732"), " from abroad."]),
        text("text-url-profile-no-scheme", "a profile URL written without its scheme; a repository path is not a person", ["See ", ("URL", "linkedin.com/in/jane-doe-12345"), " and ", ("URL", "www.instagram.com/jane.doe"), ", code at github.com/rust-lang/regex."]),
        text("text-person-initials", "initials and a listed surname near a word that introduces a person; the same shape elsewhere is not a name", ["Report prepared by ", ("PERSON", "A. B. Jones"), " and signed ", ("PERSON", "C. Taylor"), ". We met in Block C. Young people came. Contact officer: ", ("PERSON", "J. O'Brien"), "."]),
        text("text-person-smaller-countries", "given names of the smaller countries before a surname neither list knows; a given name that is an English word does not make a name of the capitalised word after it", ["Statement taken from ", ("PERSON", "Kalervo Koskela"), " and ", ("PERSON", "Marjukka Heikkinen"), ", then ", ("PERSON", "Walther Schacht"), ". Quote the Unique Reference on the Golden Jubilee form."]),
        text("text-person-particles", "particles before any later part of a name (`van de`, `van het`, `dos`, `du`, a capitalised `Le`), where one more part may be unlisted; `of` is no particle", ["I spoke to ", ("PERSON", "Jan van de Berg"), ", ", ("PERSON", "Anna dos Santos"), " and ", ("PERSON", "Bertrand Sauvage du Fournier"), "; ", ("PERSON", "Pieter van het Hof"), " and ", ("PERSON", "Emmanuelle Sauvage Le Guillou"), " signed. Visit the Bank of England."]),
        text("text-person-introduced", "the capitalised words after a person introduces their name, or after a name field's label, are a name though the lists lack them; after a bare `Name:` (which may name anything) only when the lists know a word of it", ["My name is ", ("PERSON", "Oduya Knuf"), ". Je m'appelle ", ("PERSON", "Regitze"), ". Surname: ", ("PERSON", "Okafor"), "; Name: ", ("PERSON", "David"), ". Name: Annual Report. My name is not important."]),
        text("text-address-belgian-quadrant", "a Belgian address with its number after the street name, and a US quadrant after the street type; a postcode right after a street is no quadrant", ["Write to ", ("STREET_ADDRESS", "Rue du Marché 3"), ", 1000 Bruxelles, or ", ("STREET_ADDRESS", "chaussée de Wavre 100"), ", or ", ("STREET_ADDRESS", "1600 Pennsylvania Avenue NW"), ", Washington, or ", ("STREET_ADDRESS", "12 High Street"), " ", ("UK_POSTCODE", "SW1A 1AA"), "."]),
        text("text-person-trade-names", "a trade, facility or infrastructure word makes a supplier's, a building's or a heading's name no person's name; the person alone still is one", ["Paid A & J Smith Plumbing and Morgan Evans Electrical; meet at Ely Hub. Victoria Line Closure and the Jordan River Basin report. Quote from ", ("PERSON", "Morgan Evans"), " today."]),
        text("text-label-colon-and-dob-of", "a rule's context word as a label glued by its colon (DOB:, NHS:) does not glue the value to it; a date of birth written `3rd of March`; `Birthdate` is a birth word; a meeting date is none", ["Born the ", ("DATE_OF_BIRTH", "3rd of March 1985"), "; DOB:", ("DATE_OF_BIRTH", "04/05/1986"), "; Birthdate ", ("DATE_OF_BIRTH", "05/06/1987"), "; NHS:", ("UK_NHS", "4505577104"), ". The 3rd of March 1985 meeting; ref:12345."]),
        text("text-phone-nanp-trunk-1", "North American numbers with their trunk prefix 1 and no plus, as US text writes them", ["Call ", ("PHONE_NUMBER", "1-800-234-5678"), " or ", ("PHONE_NUMBER", "1 (415) 234-5678"), " or ", ("PHONE_NUMBER", "1.415.234.5678"), "."]),
        text("text-email-obfuscated", "e-mail addresses written to keep them from harvesters, with (at), [at] and (dot); an (at) before a word with no domain is none", ["Mail ", ("EMAIL_ADDRESS", "info(at)stadt-koeln.de"), " or ", ("EMAIL_ADDRESS", "jane.doe [at] example [dot] org"), "; meet (at) noon."]),
        text("text-person-initial-list", "the items of a list of people after a word of minutes, each with initials and a listed surname, parted by commas, `and` or a role in brackets; a list that starts with no person gives none", ["Present: ", ("PERSON", "A. Jones"), " (Chair), ", ("PERSON", "B. Williams"), ", ", ("PERSON", "C. Evans"), " and ", ("PERSON", "D. Hughes"), ". Apologies: ", ("PERSON", "Mary Jones"), ", ", ("PERSON", "K. Patel"), ". Blocks A, B and C. Young families moved."]),
        text("text-person-initial-minutes", "initials and a listed surname after the words of minutes (present, apologies, chair); without such a word a letter ending a sentence before a surname is no name", ["Present: ", ("PERSON", "A. Jones"), " (Chair). Apologies: ", ("PERSON", "J. Smith"), ". Seconded by ", ("PERSON", "K. Brown"), ". See plan B. Green spaces stay."]),
        text("text-address-street-prefix-genitive", "a Danish street with Nørre before it, a Finnish genitive before tie, Italian and Portuguese street words; a word before a street that is no such prefix stays out", ["Letters to ", ("STREET_ADDRESS", "Nørre Farimagsstræde 30"), ", ", ("STREET_ADDRESS", "Eliel Saarisen tie 5"), ", ", ("STREET_ADDRESS", "Lungotevere Flaminio, 18"), " and ", ("STREET_ADDRESS", "Praça do Comércio 12"), ". Visit ", ("STREET_ADDRESS", "Hauptstraße 5"), " in Spring 2024."]),
        text("text-address-more-street-types", "a studio flat, USPS street suffixes and Norwegian compound street names; a year after a word is no address", ["She moved from ", ("STREET_ADDRESS", "Studio 7\nTrevor Meadow"), " to ", ("STREET_ADDRESS", "2768 Williams Lock"), ", then ", ("STREET_ADDRESS", "Iversenstubben 16A"), " and ", ("STREET_ADDRESS", "Solheimroa 3C"), ". Notepad 2024 came out in Spring 2024 in Australia 2024."]),
        text("text-dob-more-languages", "dates of birth with Polish and Finnish month names and after abbreviated birth words; a delivery date is none", ["Pan ", ("PERSON", "Nowak"), ", ur. ", ("DATE_OF_BIRTH", "12 października 1979"), "; Virtanen syntynyt ", ("DATE_OF_BIRTH", "3. maaliskuuta 1985"), "; Weber geb. ", ("DATE_OF_BIRTH", "03.03.1985"), ". Delivery 3 marca 2024."]),
        text("text-phone-bracketed-trunk", "the digits right after a bracketed trunk 0 are no number of their own: an invalid number gives no partial span", ["Please ring +44(0)292018165 after lunch, or ", ("PHONE_NUMBER", "+44 (0)20 7946 0018"), "."]),
        text("text-phone-freephone", "freephone numbers (Irish 1800, Dutch 0800, North American 800 with an N11 exchange)", ["Ring ", ("PHONE_NUMBER", "1800 166 457"), " or ", ("PHONE_NUMBER", "+31 800 5142"), " or ", ("PHONE_NUMBER", "+1 800-211-7476"), "."]),
        text("text-phone-it-mobile", "an Italian mobile number, spaced and unspaced with a context word", ["Telefono ", ("PHONE_NUMBER", "347 123 4567"), ", cellulare ", ("PHONE_NUMBER", "3471234568"), "."]),
        text("text-person-titled", "a title makes the capitalised words after it a name, listed or not; the title is not part of the span", ["Spoke to Mrs ", ("PERSON", "Szczepańska"), " and Cllr ", ("PERSON", "Abernethy-Quayle"), " about Frau Dr. ", ("PERSON", "Szczepańska"), "."]),
        text("text-person-titled-languages", "titles of other languages, written capitalised or lowercase inside a sentence", ["Madame ", ("PERSON", "Lefèvre"), " a appelé; el señor ", ("PERSON", "García Pérez"), " y il sig. ", ("PERSON", "Bianchi"), "; meneer ", ("PERSON", "De Vries"), "."]),
        text("text-ids-bare-digits", "national ids as bare digits after their context words", ["CPR ", ("DK_CPR", "0707614285"), ", personnummer ", ("SE_PERSONNUMMER", "8112289874"), ", ITIN ", ("US_ITIN", "912701234"), ", BSN ", ("NL_BSN", "11222311"), "."]),
        text("text-match-shortened", "a match whose last short group took the next word is checked again without it", ["Pay ", ("IBAN_CODE", "GB82 WEST 1234 5698 7654 32"), " TO and ", ("IBAN_CODE", "de89 3704 0044 0532 0130 00"), " noted; card ", ("CREDIT_CARD", "6011 0009 9013 9424 124"), "."]),
        text("text-ids-generic-context", "bare national ids after a generic identity phrase; an order id is no such phrase", ["Identity number ", ("NL_BSN", "563129487"), " verified; personal number ", ("PL_PESEL", "94122224822"), " on file. Order ID 563129487 shipped."]),
        text("text-card-maestro-jcb", "Maestro cards of 12 to 19 digits and JCB's 15-digit cards", ["Paid with card ", ("CREDIT_CARD", "6759 6498 2643 8453"), ", then ", ("CREDIT_CARD", "5779 6669 7259"), " and ", ("CREDIT_CARD", "180037407767270"), "."]),
        text("text-phone-eight-digits", "a Norwegian mobile in 3-2-3 groups is a phone number only next to a phone word", ["Ring mobil ", ("PHONE_NUMBER", "412 34 567"), "; in 2019 2020 sales grew and 412 34 567 units sold."]),
        text("text-person-titled-apostrophe", "after a title with its dot, an unlisted first name and an O' surname", ["Statement taken from Mr. ", ("PERSON", "Padraic O'Halloran"), " at the scene."]),
        text("text-title-initial-short-dob", "an initial after a title without its dot; a birth date with a two-digit year after a birth word", ["Patient: Mrs ", ("PERSON", "A Smith"), ", DOB ", ("DATE_OF_BIRTH", "1/2/80"), "; release 1.2.80 shipped."]),
        text("text-email-label-idn", "an e-mail label glued by its colon, and a domain in Unicode letters; a word ending in a label is no label", ["Mail ", ("EMAIL_ADDRESS", "info@müller.de"), " or email:", ("EMAIL_ADDRESS", "x@y.io"), "; not hotmail:z@y.io."]),
        text("text-person-caps", "a name written in capitals counts when the lists know every word and it starts at a first name", ["RE: MR ", ("PERSON", "JOHN SMITH"), ", 12 HIGH STREET. PLEASE NOTE: GREEN LANE, CHRISTIAN AID."]),
        text("text-passport", "passport number needs its context word", ["Her passport number is ", ("PASSPORT", "123456789"), "."]),
        text("text-es", "Spanish ids", ["DNI ", ("ES_NIF", "12345678Z"), " y NIE ", ("ES_NIE", "X1234567L"), "."]),
        text("text-it", "codice fiscale", ["Codice fiscale: ", ("IT_FISCAL_CODE", "RSSMRA85T10A562S"), "."]),
        text("text-nl-bsn", "BSN with context", ["Mijn BSN is ", ("NL_BSN", "111222333"), "."]),
        text("text-pl-pesel", "PESEL with context", ["PESEL: ", ("PL_PESEL", "44051401359"), "."]),
        text("text-nordic", "Nordic ids", ["Personnummer ", ("SE_PERSONNUMMER", "811228-9874"), ", HETU ", ("FI_PERSONAL_IDENTITY_CODE", "131052-308T"), "."]),
        text("text-dk-cpr", "CPR", ["CPR ", ("DK_CPR", "070761-4285"), "."]),
        text("text-fr-nir", "NIR", ["Numéro de sécurité sociale : ", ("FR_NIR", "2 55 08 14 168 025 38"), "."]),
        text("text-de-tax-id", "Steuer-ID with context", ["Steuer-ID ", ("DE_TAX_ID", "86095742719"), "."]),
        text("text-be", "Belgian national number", ["Rijksregisternummer ", ("BE_NATIONAL_NUMBER", "85.07.30-033.28"), "."]),
        text("text-ie-pps", "PPS number", ["PPS number ", ("IE_PPS", "1234567T"), "."]),
        text("text-no", "Norwegian fødselsnummer with context", ["Fødselsnummer ", ("NO_FODSELSNUMMER", "01010750160"), "."]),
        text("text-us-itin", "ITIN", ["ITIN ", ("US_ITIN", "912-70-1234"), "."]),
        text("text-address-postcode", "address with postcode", ["She lives at ", ("STREET_ADDRESS", "10 Downing Street"), ", London ", ("UK_POSTCODE", "SW1A 2AA"), "."]),
        text("text-vehicle", "vehicle registration", ["The car ", ("UK_VEHICLE_REGISTRATION", "AB51 ABC"), " was parked."]),
        text("text-vehicle-dated", "dated registrations need a vehicle word nearby", ["Her car ", ("UK_VEHICLE_REGISTRATION", "K123 ABC"), " and the van ", ("UK_VEHICLE_REGISTRATION", "ABC 123D"), " were towed. Part P45 XYZ arrived."]),
        text("text-dob", "date of birth needs a birth word", ["Born on ", ("DATE_OF_BIRTH", "12/03/1985"), ", invoice dated 01/04/2024."]),
        text("text-person", "names in a letter", ["Dear Mrs ", ("PERSON", "Maria Rossi"), ", regards, ", ("PERSON", "Thomas Müller")]),
        text("text-person-salutation", "after a salutation two capitalised words are a name, listed or not; never a letter's addressee", ["Dear ", ("PERSON", "Bram van den Berg"), ", thanks. Liebe ", ("PERSON", "Zuzanna Zieliński"), ", danke. Dear Planning Officer, Dear Customer, Dear Sjoerd."]),
        text("text-person-sentence-word", "a name ends before the sentence word it runs into; an organisation word takes the whole candidate", ["Meeting with ", ("PERSON", "Jane Smith"), " Monday; ", ("PERSON", "Maria Rossi"), " Thanks for calling about Isaac Newton Academy."]),
        text("text-geo", "precise coordinates", ["Found at ", ("GEO_COORDINATES", "51.50135, -0.14189"), " yesterday."]),
        text("text-geo-wkt", "a WKT point in text", ["Incident location ", ("GEO_COORDINATES", "POINT (-87.629799 41.878113)"), " logged."]),
        text("text-url-username", "profile URL and handle", ["Follow ", ("USERNAME", "@janedoe"), " or see ", ("URL", "https://github.com/janedoe"), "."]),
        text("text-multibyte", "char offsets after multi-byte characters", ["Zoë’s café: ", ("EMAIL_ADDRESS", "zoe@example.fr"), "."]),
        text("text-lookalikes", "UUID, ISBN, EAN, amounts, version: nothing", ["Request 123e4567-e89b-12d3-a456-426614174000, ISBN 978-3-16-148410-0, EAN 4006381333931, total 1,234,567.89, version 1.2.3.4."]),
        text("text-invalid-ssn", "an SSN no one is given (the Woolworths wallet number) is neither an SSN nor, written so, a phone number", ["Case 078-05-1120 is closed; ", ("US_SSN", "536-22-8843"), " is not."]),
    ]
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".json"):
            os.remove(os.path.join(OUT, f))
    for name, case in cases:
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(case, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()

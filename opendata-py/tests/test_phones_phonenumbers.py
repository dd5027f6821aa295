"""The `phone` validator against an independent reference: `phonenumbers`, the Python port
of Google's libphonenumber, with its own copy of the national numbering plans.

For each country the rules read (the issue's list and neighbours) and each kind of number
(landline, mobile, freephone), seeded numbers are made from libphonenumber's example
number with its trailing digits drawn at random until libphonenumber calls the result a
valid number of that kind. Every such number must pass our check in E.164, international
notation (with `+` and with `00`) and, for the countries whose national notation the
rules read, national notation. Numbers up to four digits too short or too long for their
plan (libphonenumber: not possible) must fail it. Our check is deliberately looser than
libphonenumber's inside a plan (it knows lengths and leading digits, not every block of
numbers), so a valid length with unassigned digits is not compared.
"""

from __future__ import annotations

import random

import phonenumbers as pn
import pytest
from phonenumbers import PhoneNumberFormat as Format
from phonenumbers import PhoneNumberType as Kind

import opendata

# Countries whose national notation the rules read (docs/pii.md, "Phone numbers").
NATIONAL = ["GB", "US", "DE", "FR", "ES", "IT", "NL", "PL", "SE", "DK", "FI", "IE", "BE", "NO"]
# Countries read in international notation only.
INTERNATIONAL = ["AT", "CH", "PT", "CZ", "SK", "GR", "HU", "LU", "IS", "RO", "LT", "LV", "EE", "CA", "AU", "IN"]
KINDS = [Kind.FIXED_LINE, Kind.MOBILE, Kind.TOLL_FREE]
PER_KIND = 40


def _is_kind(number: pn.PhoneNumber, kind: int) -> bool:
    found = pn.number_type(number)
    # Where a plan cannot tell landlines from mobiles (NANP, Denmark) the type is
    # FIXED_LINE_OR_MOBILE, which is either of those kinds.
    return found == kind or (found == Kind.FIXED_LINE_OR_MOBILE and kind != Kind.TOLL_FREE)


def _valid_numbers(region: str, kind: int, rng: random.Random) -> list[pn.PhoneNumber]:
    example = pn.example_number_for_type(region, kind)
    if example is None:
        return []
    nsn = pn.national_significant_number(example)
    keep = max(2, len(nsn) - 5)
    made: list[pn.PhoneNumber] = []
    for _ in range(PER_KIND * 30):
        if len(made) == PER_KIND:
            break
        tail = "".join(rng.choice("0123456789") for _ in range(len(nsn) - keep))
        number = pn.parse(f"+{example.country_code}{nsn[:keep]}{tail}")
        if pn.is_valid_number(number) and _is_kind(number, kind):
            made.append(number)
    return made


@pytest.mark.parametrize("region", NATIONAL + INTERNATIONAL)
def test_valid_numbers_pass_in_every_notation(region: str) -> None:
    rng = random.Random(f"valid {region}")
    missed = []
    checked = 0
    for kind in KINDS:
        for number in _valid_numbers(region, kind, rng):
            e164 = pn.format_number(number, Format.E164)
            international = pn.format_number(number, Format.INTERNATIONAL)
            # `00` is the international prefix dialled from Europe, written in place of `+`.
            notations = [e164, international, "00" + international[1:]]
            if region in NATIONAL:
                notations.append(pn.format_number(number, Format.NATIONAL))
            for written in notations:
                checked += 1
                if not opendata.check_identifier("phone", written):
                    missed.append((Kind.to_string(kind), written))
    assert checked >= PER_KIND * 2, f"too few numbers made for {region}: {checked}"
    assert missed == []


# Germany's plan gives numbers of 4 to 15 digits: no length near a real one is impossible.
@pytest.mark.parametrize("region", [r for r in NATIONAL if r != "DE"])
def test_numbers_of_an_impossible_length_fail(region: str) -> None:
    rng = random.Random(f"length {region}")
    accepted = []
    checked = 0
    for kind in (Kind.FIXED_LINE, Kind.MOBILE):
        example = pn.example_number_for_type(region, kind)
        if example is None:
            continue
        nsn = pn.national_significant_number(example)
        for _ in range(150):
            for delta in (-4, -3, -2, -1, 1, 2, 3, 4):
                tail = "".join(rng.choice("0123456789") for _ in range(len(nsn) - 2 + delta))
                number = pn.parse(f"+{example.country_code}{nsn[:2]}{tail}")
                if pn.is_possible_number_with_reason(number) not in (
                    pn.ValidationResult.TOO_SHORT,
                    pn.ValidationResult.TOO_LONG,
                    pn.ValidationResult.INVALID_LENGTH,
                ):
                    continue
                checked += 1
                written = pn.format_number(number, Format.E164)
                if opendata.check_identifier("phone", written):
                    accepted.append(written)
    assert checked >= 50, f"too few impossible numbers made for {region}: {checked}"
    assert accepted == []

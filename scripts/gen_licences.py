#!/usr/bin/env python3
"""Generate opendata-core/src/licence/registry_data.rs, the embedded licence registry.

Sources (read-only reference data, never read at run time):
  - the SPDX licence list (spdx.json: id -> name, url, osiApproved)
  - the Open Definition / okfn licence list (okfn-licenses.csv: conformance, domains, status)
  - the AgID licence vocabulary used by DCAT-AP_IT portals (licences.rdf)
  - scripts/licence_facts.json: curated facts (EU authority codes, URLs, aliases, CKAN ids,
    national licences, obligations, share-alike compatibility, HVD equivalence)

Usage: python3 scripts/gen_licences.py [REFERENCE_DIR]
REFERENCE_DIR defaults to /work/shared/reference. Standard library only.
"""

import csv
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REF = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference"
OUT = os.path.join(ROOT, "opendata-core", "src", "licence", "registry_data.rs")
EU_BASE = "http://publications.europa.eu/resource/authority/licence/"
AGID_BASE = "https://w3id.org/italia/controlled-vocabulary/licences/"

OBLIGATIONS = ["attribution", "share_alike", "non_commercial", "no_derivatives", "public_domain", "notice", "state_changes"]


def fail(msg):
    sys.exit("gen_licences: " + msg)


spdx = json.load(open(os.path.join(REF, "licences", "spdx.json"), encoding="utf-8"))
okfn = list(csv.DictReader(open(os.path.join(REF, "licences", "okfn-licenses.csv"), encoding="utf-8")))
facts = json.load(open(os.path.join(HERE, "licence_facts.json"), encoding="utf-8"))
deprecated = facts["deprecated_ids"]

entries = {}  # id -> dict
order = []


def entry(lid):
    if lid not in entries:
        entries[lid] = {
            "id": lid, "spdx": lid in spdx and lid not in deprecated, "title": None, "version": None,
            "jurisdiction": None, "urls": [], "other_uris": [], "aliases": [], "loose": [], "ckan": [],
            "od": "not-reviewed", "osd": "not-reviewed", "open": None, "open_basis": None,
            "domain": set(), "generic": False, "status": "active", "superseded_by": None,
            "obligations": None, "sa_compatible": [], "style": "standard", "eu": None,
        }
        order.append(lid)
    return entries[lid]


def add(lst, *values):
    for v in values:
        if v and v not in lst:
            lst.append(v)


# ---------------------------------------------------------------- Creative Commons
CC_RE = re.compile(r"^CC-(BY(?:-NC)?(?:-ND)?(?:-SA)?|SA)-(\d\.\d)(?:-([A-Z]{2,3}))?$")
JURIS_NAMES = {}


CC_WORDS = {"BY": "Attribution", "NC": "NonCommercial", "ND": "NoDerivatives", "SA": "ShareAlike"}
CC_JURIS = {"NL": "Netherlands", "IT": "Italy", "DE": "Germany", "AT": "Austria", "FR": "France", "ES": "Spain"}


def cc_title(el, ver, jur):
    words = "-".join(CC_WORDS[p] for p in el.split("-"))
    return "Creative Commons %s %s %s" % (words, ver, CC_JURIS.get(jur, jur) if jur else "International")


def cc_elements(el):
    return {"BY": "BY" in el.split("-"), "NC": "NC" in el, "ND": "ND" in el, "SA": "SA" in el}


def cc_setup(lid, el, ver, jur, title=None):
    e = entry(lid)
    e["title"] = e["title"] or title or spdx.get(lid, {}).get("name")
    e["version"] = ver
    e["jurisdiction"] = jur
    path = el.lower()
    if lid == "CC-BY-NC-ND-1.0":
        path = "by-nd-nc"
    base = "https://creativecommons.org/licenses/%s/%s/%s" % (path, ver, (jur.lower() + "/") if jur else "")
    add(e["urls"], base, base + "legalcode")
    x = cc_elements(el)
    obl = []
    if x["BY"]:
        obl += ["attribution", "notice"]
    else:
        obl += ["notice"]
    if x["SA"]:
        obl.append("share_alike")
    if x["NC"]:
        obl.append("non_commercial")
    if x["ND"]:
        obl.append("no_derivatives")
    if ver == "4.0" and not x["ND"]:
        obl.append("state_changes")
    e["obligations"] = e["obligations"] or obl
    e["domain"] |= {"content", "data"}
    if e["open"] is None:
        e["open"] = not (x["NC"] or x["ND"])
        e["open_basis"] = "curated"
    e["cc"] = (el, ver, jur)
    # What people write: "CC BY-SA 4.0", "CC-BY-SA 4.0 International" (the normaliser in Rust
    # reduces these to the id), and versionless names for the current version.
    if ver == "4.0" and not jur:
        short = "CC " + el
        add(e["loose"], short, "CC-" + el, "Creative Commons " + el)
    return e


for lid, info in spdx.items():
    m = CC_RE.match(lid)
    if m and lid not in deprecated:
        cc_setup(lid, m.group(1), m.group(2), m.group(3))
for lid in ("CC0-1.0", "CC-PDM-1.0", "CC-PDDC"):
    e = entry(lid)
    e["title"] = spdx[lid]["name"].replace("    ", " ")
    add(e["urls"], spdx[lid]["url"])
    e["domain"] |= {"content", "data"}
add(entries["CC0-1.0"]["urls"], "https://creativecommons.org/publicdomain/zero/1.0/", "https://creativecommons.org/publicdomain/zero/1.0/legalcode")
entries["CC0-1.0"]["obligations"] = ["public_domain"]
add(entries["CC-PDM-1.0"]["urls"], "https://creativecommons.org/publicdomain/mark/1.0/")

# ---------------------------------------------------------------- AgID vocabulary (Italy)
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
SKOS = "{http://www.w3.org/2004/02/skos/core#}"
XMLLANG = "{http://www.w3.org/XML/1998/namespace}lang"
tree = ET.parse(os.path.join(REF, "eu-vocabularies", "licences.rdf"))
agid_count = 0
for c in tree.getroot().iter(SKOS + "Concept"):
    about = c.get(RDF + "about") or ""
    if not about.startswith(AGID_BASE) or c.find(SKOS + "notation") is None:
        continue
    local = about[len(AGID_BASE):]
    ref = c.find("{http://dati.gov.it/onto/dcatapit#}referenceDoc")
    labels = [l.text.strip() for l in c.findall(SKOS + "prefLabel") if l.text]
    lid = facts["agid"].get(local)
    if lid is None and ref is not None:
        m = re.search(r"creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)/(?:([a-z]{2})/)?", ref.text)
        if m:
            el = m.group(1).upper()
            if el == "BY-ND-NC":
                el = "BY-NC-ND"
            jur = m.group(3).upper() if m.group(3) else None
            lid = "CC-%s-%s%s" % (el, m.group(2), ("-" + jur) if jur else "")
            en = [l.text.strip() for l in c.findall(SKOS + "prefLabel") if l.get(XMLLANG) == "en"]
            cc_setup(lid, el, m.group(2), jur, title=en[0] if en else None)
    if lid is None:
        continue  # a category (Attribution, Share-Alike...), not a licence
    e = entry(lid)
    add(e["other_uris"], about)
    if ref is not None and lid not in ("notspecified",):
        add(e["urls"], ref.text.strip())
    for label in labels:
        add(e["aliases"], label)
    agid_count += 1

# ---------------------------------------------------------------- okfn / Open Definition list
for row in okfn:
    lid = deprecated.get(row["id"], row["id"])
    e = entry(lid)
    if lid != row["id"]:
        add(e["aliases"], row["id"])
    e["od"] = row["od_conformance"].replace(" ", "-") or "not-reviewed"
    e["osd"] = row["osd_conformance"].replace(" ", "-") or "not-reviewed"
    for flag, name in (("domain_content", "content"), ("domain_data", "data"), ("domain_software", "software")):
        if row[flag] == "True":
            e["domain"].add(name)
    if row["is_generic"] == "True":
        e["generic"] = True
    e["status"] = {"active": "active", "retired": "retired", "superseded": "superseded"}.get(row["status"], "active")
    if e["title"] is None and row["id"] not in spdx:
        e["title"] = row["title"]
    elif row["title"]:
        add(e["aliases"], row["title"])
    add(e["urls"], row["url"])
    for legacy in re.findall(r"'([^']+)'", row["legacy_ids"] or ""):
        add(e["ckan"], legacy)

# ---------------------------------------------------------------- EU authority codes
for code, lid in facts["eu_codes"].items():
    m = CC_RE.match(lid)
    if m and lid not in entries:
        cc_setup(lid, m.group(1), m.group(2), m.group(3),
                 title=cc_title(m.group(1), m.group(2), m.group(3)))
    e = entry(lid)
    if e["eu"] is not None:
        fail("two EU codes for %s: %s and %s" % (lid, e["eu"], code))
    e["eu"] = code
for code, lid in facts["eu_codes_deprecated"].items():
    if lid not in facts["eu_codes"].values() and lid not in [l["id"] for l in facts["licences"]]:
        fail("deprecated EU code %s names unknown id %s" % (code, lid))

# ---------------------------------------------------------------- curated facts
for cur in facts["licences"]:
    e = entry(cur["id"])
    for key, field in (("title", "title"), ("version", "version"), ("jurisdiction", "jurisdiction"),
                       ("superseded_by", "superseded_by"), ("status", "status"), ("open_basis", "open_basis")):
        if key in cur:
            e[field] = cur[key]
    if "od_conformance" in cur:
        e["od"] = cur["od_conformance"]
    if "spdx" in cur:
        e["spdx"] = cur["spdx"]
    if "open" in cur:
        e["open"] = cur["open"]
    if "obligations" in cur:
        e["obligations"] = cur["obligations"]
    if "generic" in cur:
        e["generic"] = cur["generic"]
    if "domain" in cur:
        e["domain"] = set(cur["domain"])
    if "attribution_style" in cur:
        e["style"] = cur["attribution_style"]
    # Curated URLs first: they are the canonical ones.
    e["urls"] = cur.get("urls", []) + [u for u in e["urls"] if u not in cur.get("urls", [])]
    add(e["aliases"], *cur.get("aliases", []))
    add(e["loose"], *cur.get("loose_aliases", []))

for old, new in deprecated.items():
    if new not in entries:
        if new in spdx:
            e = entry(new)
        else:
            fail("deprecated id %s -> unknown %s" % (old, new))

# ---------------------------------------------------------------- fill the rest from SPDX
copyleft = set(facts["software_copyleft"])
for lid, e in entries.items():
    info = spdx.get(lid)
    if e["title"] is None:
        e["title"] = info["name"] if info else lid
    if info:
        add(e["urls"], info["url"])
    if not e["domain"] and not e["generic"]:
        e["domain"] = {"software"} if info else {"content", "data"}
    if e["obligations"] is None:
        if e["generic"]:
            e["obligations"] = []
        elif "software" in e["domain"]:
            e["obligations"] = ["attribution", "notice"] + (["share_alike"] if lid in copyleft else [])
        else:
            fail("no obligations known for %s" % lid)
    if e["version"] is None:
        m = re.search(r"-(\d+(?:\.\d+)*[a-z]?)(?:-only|-or-later|-no-invariants-only)?$", lid)
        if m:
            e["version"] = m.group(1)
    if e["open"] is None:
        if e["od"] == "approved" or e["osd"] == "approved":
            e["open"] = True
            e["open_basis"] = "od-approved" if e["od"] == "approved" else "osd-approved"
        elif info and info.get("osiApproved"):
            e["open"] = True
            e["open_basis"] = "osd-approved"
        else:
            e["open"] = False
            e["open_basis"] = "rejected" if e["od"] == "rejected" else "not-reviewed"
    elif e["open_basis"] is None:
        e["open_basis"] = "od-approved" if e["od"] == "approved" else "curated"
    if e["od"] == "approved" and e["open_basis"] == "curated":
        e["open_basis"] = "od-approved"
    for o in e["obligations"]:
        if o not in OBLIGATIONS:
            fail("unknown obligation %s in %s" % (o, lid))

# share-alike compatibility
for lid, e in entries.items():
    if "cc" in e and "share_alike" in e["obligations"]:
        el, ver, jur = e["cc"]
        if ver == "1.0":
            continue  # 1.0 licences allow only themselves
        for other_id, o in entries.items():
            if other_id != lid and "cc" in o and o["cc"][0] == el and o["cc"][1] >= ver:
                add(e["sa_compatible"], other_id)
for lid, targets in facts["sa_compatible"].items():
    if lid.startswith("_"):
        continue
    add(entries[lid]["sa_compatible"], *targets)

for title, target in facts["cc_versionless_titles"].items():
    add(entries[target]["loose"], title)

for lid, (target, versionless) in facts["ckan"].items():
    e = entries.get(target) or fail("CKAN id %s -> unknown %s" % (lid, target))
    add(e["ckan"], lid)
    if versionless:
        add(e["loose"], lid)

hvd = set(facts["hvd"])
candidates = set(facts["output_candidates"])
for lid in list(hvd) + list(candidates) + list(facts["dcat_ap_de"].values()) + list(facts["eu_codes_deprecated"].values()):
    if lid not in entries:
        fail("unknown id %s in facts" % lid)
for lid, e in entries.items():
    for t in e["sa_compatible"]:
        if t not in entries:
            fail("%s: share-alike target %s unknown" % (lid, t))
    if e["superseded_by"] and e["superseded_by"] not in entries:
        fail("%s: superseded_by %s unknown" % (lid, e["superseded_by"]))
    # An alias equal to the title or id adds nothing.
    e["aliases"] = [a for a in e["aliases"] if a != e["title"] and a != lid]
    seen = set()
    urls = []
    for u in e["urls"]:
        key = re.sub(r"^https?://(www\.)?", "", u.strip()).rstrip("/").lower()
        if u.strip() and key not in seen:
            seen.add(key)
            urls.append(u.strip())
    e["urls"] = urls

# ---------------------------------------------------------------- emit Rust


def s(v):
    return json.dumps(v, ensure_ascii=False)


def opt(v):
    return "None" if v is None else "Some(%s)" % s(v)


def slist(vs):
    return "&[%s]" % ", ".join(s(v) for v in vs)


ENUM = {
    "not-reviewed": "NotReviewed", "approved": "Approved", "rejected": "Rejected",
    "active": "Active", "superseded": "Superseded", "retired": "Retired",
    "od-approved": "OdApproved", "osd-approved": "OsdApproved", "curated": "Curated",
    "standard": "Standard", "pd": "PublicDomain", "ogl": "Ogl", "dlde": "DlDe", "etalab": "Etalab",
}


OBL_CONSTS = {}
DOM_CONSTS = {}


def obligation_const(o):
    key = tuple(k for k in OBLIGATIONS if k in o)
    name = "O_" + "_".join(k.upper() for k in key)
    OBL_CONSTS[name] = key
    return name


def domain_const(d):
    key = tuple(k for k in ("content", "data", "software") if k in d)
    name = "D_" + "_".join(k.upper() for k in key)
    DOM_CONSTS[name] = key
    return name


def family_key(e):
    lid = e["id"]
    kind = 0 if e["domain"] & {"content", "data"} else 1
    return (e["generic"], kind, lid.lower())


sorted_ids = sorted(entries, key=lambda i: family_key(entries[i]))
lines = [
    "// @generated by scripts/gen_licences.py from the SPDX licence list, the okfn (Open Definition)",
    "// licence list, the AgID licence vocabulary and scripts/licence_facts.json. Do not edit by hand.",
    "",
    "use super::{AttributionStyle, Conformance, Domain, Licence, Obligations, OpenBasis, Status};",
    "",
    "pub(super) const BASE: Licence = Licence {",
    "    id: \"\", spdx_id: None, title: \"\", version: None, jurisdiction: None, eu_uri: None,",
    "    urls: &[], other_uris: &[], aliases: &[], versionless_aliases: &[], ckan_ids: &[],",
    "    od_conformance: Conformance::NotReviewed, osd_conformance: Conformance::NotReviewed,",
    "    open: false, open_basis: OpenBasis::NotReviewed, domain: Domain { content: false, data: false, software: false },",
    "    generic: false, terms_known: true, status: Status::Active, superseded_by: None, obligations: Obligations::NONE,",
    "    share_alike_compatible: &[], hvd_compatible: false, output_candidate: false,",
    "    attribution_style: AttributionStyle::Standard,",
    "};",
    "",
    "/// Every licence of the registry.",
    "pub(super) static LICENCES: &[Licence] = &[",
]
for lid in sorted_ids:
    e = entries[lid]
    o = e["obligations"]
    fields = ["id: %s" % s(lid)]
    if e["spdx"]:
        fields.append("spdx_id: Some(%s)" % s(lid))
    fields.append("title: %s" % s(e["title"]))
    for name, key in (("version", "version"), ("jurisdiction", "jurisdiction"), ("superseded_by", "superseded_by")):
        if e[key]:
            fields.append("%s: %s" % (name, opt(e[key])))
    if e["eu"]:
        fields.append("eu_uri: Some(%s)" % s(EU_BASE + e["eu"]))
    for name, key in (("urls", "urls"), ("other_uris", "other_uris"), ("aliases", "aliases"),
                      ("versionless_aliases", "loose"), ("ckan_ids", "ckan"),
                      ("share_alike_compatible", "sa_compatible")):
        if e[key]:
            fields.append("%s: %s" % (name, slist(e[key])))
    if e["od"] != "not-reviewed":
        fields.append("od_conformance: Conformance::%s" % ENUM[e["od"]])
    if e["osd"] != "not-reviewed":
        fields.append("osd_conformance: Conformance::%s" % ENUM[e["osd"]])
    if e["open"]:
        fields.append("open: true")
    fields.append("open_basis: OpenBasis::%s" % ENUM.get(e["open_basis"], "NotReviewed"))
    if e["domain"]:
        fields.append("domain: %s" % domain_const(e["domain"]))
    if e["generic"]:
        fields.append("generic: true")
    if e["status"] != "active":
        fields.append("status: Status::%s" % ENUM[e["status"]])
    if o:
        fields.append("obligations: %s" % obligation_const(o))
    if lid in hvd:
        fields.append("hvd_compatible: true")
    if lid in candidates:
        fields.append("output_candidate: true")
    if e["style"] != "standard":
        fields.append("attribution_style: AttributionStyle::%s" % ENUM[e["style"]])
    lines.append("    Licence { %s, ..BASE }," % ", ".join(fields))
lines.append("];")
lines.append("")
for name, key in sorted(OBL_CONSTS.items()):
    lines.append("const %s: Obligations = Obligations { %s };" % (name, ", ".join(
        "%s: %s" % (k, str(k in key).lower()) for k in OBLIGATIONS)))
for name, key in sorted(DOM_CONSTS.items()):
    lines.append("const %s: Domain = Domain { %s };" % (name, ", ".join(
        "%s: %s" % (k, str(k in key).lower()) for k in ("content", "data", "software"))))
lines.append("")
other = sorted((lid for lid in spdx if lid not in entries and lid not in deprecated), key=str.lower)
lines.append("/// The other licences of the SPDX list (mostly software): id, name, URL, OSI approved.")
lines.append("pub(super) static SPDX_OTHER: &[(&str, &str, &str, bool)] = &[")
for lid in other:
    info = spdx[lid]
    lines.append("    (%s, %s, %s, %s)," % (s(lid), s(" ".join(info["name"].split())), s(info.get("url") or ""), str(bool(info.get("osiApproved"))).lower()))
lines.append("];")
lines.append("")
lines.append("/// EU authority codes that are not the current code of a licence (version-less CC codes), with")
lines.append("/// the licence they stand for.")
lines.append("pub(super) static EU_CODES_DEPRECATED: &[(&str, &str)] = &[")
for code, lid in sorted(facts["eu_codes_deprecated"].items()):
    lines.append("    (%s, %s)," % (s(code), s(lid)))
lines.append("];")
lines.append("")
lines.append("/// EU authority codes the Publications Office table holds but this registry does not describe.")
lines.append("pub(super) static EU_CODES_UNMAPPED: &[&str] = %s;" % slist(sorted(facts["eu_codes_unmapped"])))
lines.append("")
lines.append("/// Deprecated or non-SPDX ids (okfn list) and the registry id they stand for.")
lines.append("pub(super) static DEPRECATED_IDS: &[(&str, &str)] = &[")
for old, new in sorted(deprecated.items()):
    lines.append("    (%s, %s)," % (s(old), s(new)))
lines.append("];")
lines.append("")
lines.append("/// Keys of the DCAT-AP.de licence vocabulary (`http://dcat-ap.de/def/licenses/KEY`): the")
lines.append("/// licence and whether the key names no version.")
lines.append("pub(super) static DCAT_AP_DE: &[(&str, &str, bool)] = &[")
vl = set(facts["dcat_ap_de_versionless"])
for key, lid in sorted(facts["dcat_ap_de"].items()):
    lines.append("    (%s, %s, %s)," % (s(key), s(lid), str(key in vl).lower()))
lines.append("];")
lines.append("")

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as fh:
    fh.write("\n".join(lines))
print("wrote %s: %d licences described (%d from the AgID vocabulary), %d other SPDX ids" % (os.path.relpath(OUT, ROOT), len(entries), agid_count, len(other)))

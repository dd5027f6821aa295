"""Synthetic personal data for the PII vectors and the accuracy corpus (stdlib only).

Identifiers are built from their published rules (check digits computed here, in Python,
independently of the Rust validators). Person names come from short hand-written lists per
locale below, NOT from the name tables embedded in the crate, so that name recall measures
the engine on names it was not built from. Every function takes a ``random.Random``.
"""

import random
import string

# --- names and places per locale (hand-written, common names of each country) -------------

FIRST = {
    "en_GB": ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Charlie", "Sophie", "Thomas", "Grace", "Rhys", "Ffion", "Callum", "Megan"],
    "en_US": ["James", "Mary", "Michael", "Patricia", "Robert", "Jennifer", "David", "Linda", "Tyler", "Ashley", "Brandon", "Brittany", "Marcus", "Keisha"],
    "de_DE": ["Lukas", "Lena", "Maximilian", "Hannah", "Felix", "Leonie", "Jonas", "Anna", "Tobias", "Katharina", "Jürgen", "Sabine", "Uwe", "Birgit"],
    "fr_FR": ["Louis", "Camille", "Hugo", "Chloé", "Théo", "Manon", "Nathan", "Léa", "Mathieu", "Élodie", "Benoît", "Margaux", "Gaëlle"],
    "es_ES": ["Hugo", "Lucía", "Pablo", "Martina", "Alejandro", "Paula", "Javier", "Carmen", "Sergio", "Nuria", "Íñigo", "Ainhoa", "Rocío"],
    "it_IT": ["Francesco", "Giulia", "Alessandro", "Chiara", "Lorenzo", "Francesca", "Matteo", "Valentina", "Giovanni", "Federica", "Salvatore", "Gianluca"],
    "nl_NL": ["Daan", "Emma", "Sem", "Julia", "Bram", "Sanne", "Thijs", "Fleur", "Joost", "Marieke", "Sjoerd", "Anouk"],
    "pl_PL": ["Jakub", "Zuzanna", "Kacper", "Julia", "Szymon", "Maja", "Wojciech", "Agnieszka", "Tomasz", "Małgorzata", "Łukasz", "Katarzyna"],
    "sv_SE": ["Erik", "Astrid", "Lars", "Ingrid", "Oskar", "Elsa", "Johan", "Karin", "Nils", "Maja", "Gustav", "Linnea"],
    "da_DK": ["Mads", "Freja", "Rasmus", "Ida", "Frederik", "Mette", "Søren", "Sofie", "Mikkel", "Camilla", "Jesper", "Line"],
    "fi_FI": ["Juha", "Aino", "Mikko", "Helmi", "Jukka", "Sanna", "Timo", "Päivi", "Antti", "Eveliina", "Ville", "Tuula"],
}
LAST = {
    "en_GB": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Davies", "Thomas", "Roberts", "Hughes", "Patel", "Khan", "MacDonald"],
    "en_US": ["Johnson", "Williams", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson", "Jackson", "Thompson", "Nguyen", "Washington"],
    "de_DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer", "Koch", "Zimmermann"],
    "fr_FR": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Girard"],
    "es_ES": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz"],
    "it_IT": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"],
    "nl_NL": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder"],
    "pl_PL": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak"],
    "sv_SE": ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson"],
    "da_DK": ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen"],
    "fi_FI": ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen"],
}
STREETS = {
    "en_GB": ["{n} High Street", "{n} Station Road", "{n} Church Lane", "{n} Victoria Road", "{n} Heol y Nant", "Flat {m}, {n} Park Avenue"],
    "en_US": ["{n} Main St", "{n} Oak Avenue", "{n} Maple Drive", "{n} Washington Blvd", "{n} Lake Shore Drive"],
    "de_DE": ["Hauptstraße {n}", "Bahnhofstraße {n}", "Schillerweg {n}", "Lindenallee {n}", "Goethestr. {n}"],
    "fr_FR": ["{n} rue de la Paix", "{n} avenue Victor Hugo", "{n} boulevard Haussmann", "{n} place Bellecour", "{n} bis rue Nationale"],
    "es_ES": ["Calle Mayor {n}", "Avenida de América {n}", "Calle de Alcalá, {n}", "Paseo de Gracia {n}", "Plaza España {n}"],
    "it_IT": ["Via Roma {n}", "Via Giuseppe Garibaldi {n}", "Corso Vittorio Emanuele {n}", "Piazza Navona {n}", "Viale Monza {n}"],
    "nl_NL": ["Kerkstraat {n}", "Dorpsstraat {n}", "Stationsweg {n}", "Prinsengracht {n}", "Beethovenlaan {n}"],
    "pl_PL": ["ul. Marszałkowska {n}", "ul. Długa {n}", "ul. Kwiatowa {n}", "Aleja Jana Pawła {n}"],
    "sv_SE": ["Storgatan {n}", "Drottninggatan {n}", "Kungsvägen {n}", "Skolgatan {n}"],
    "da_DK": ["Vestergade {n}", "Nørregade {n}", "Strandvej {n}", "Skolevej {n}"],
    "fi_FI": ["Mannerheimintie {n}", "Hämeenkatu {n}", "Koulutie {n}", "Puistokatu {n}"],
}
LOCALES = list(FIRST)


def person(r, loc):
    return f"{r.choice(FIRST[loc])} {r.choice(LAST[loc])}"


def street(r, loc):
    return r.choice(STREETS[loc]).format(n=r.randint(1, 250), m=r.randint(1, 20))


def ascii_fold(s):
    table = str.maketrans("áàâäãåçéèêëíìîïñóòôöõøúùûüýÿæœßłńśźżąęćőű", "aaaaaaceeeeiiiinoooooouuuuyyaoslnszzaecou")
    return s.lower().translate(table)


def email(r, loc):
    f, l = ascii_fold(r.choice(FIRST[loc])), ascii_fold(r.choice(LAST[loc])).replace(" ", "")
    sep = r.choice([".", "_", ""])
    dom = r.choice(["example.org", "mail.example.com", "post.example.net", "example.co.uk", "example.de"])
    return f"{f}{sep}{l}{r.randint(1, 99) if r.random() < 0.3 else ''}@{dom}"


# --- phones (real numbering plans; fictional-use ranges where a country has them) --------

def _d(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


def phone(r, loc):
    c = loc[-2:]
    intl = r.random() < 0.4
    if c == "GB":
        nat = r.choice([f"07{r.randint(400, 999)} {_d(r, 6)}", f"020 7946 0{_d(r, 3)}", f"0161 496 0{_d(r, 3)}", f"029 2018 {_d(r, 4)}"])
        return "+44 " + nat[1:] if intl else nat
    if c == "US":
        area = r.choice(["201", "212", "312", "415", "617", "202", "305", "713"])
        return f"+1 {area} {r.randint(200, 999)} {_d(r, 4)}" if intl else f"({area}) {r.randint(200, 999)}-{_d(r, 4)}"
    if c == "DE":
        nat = r.choice([f"030 {r.randint(2, 9)}{_d(r, 7)}", f"089 {r.randint(2, 9)}{_d(r, 6)}", f"0151 {_d(r, 8)}", f"0170 {_d(r, 7)}"])
        return "+49 " + nat[1:] if intl else nat
    if c == "FR":
        nat = f"0{r.choice('12345679')} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}"
        return "+33 " + nat[1:] if intl else nat
    if c == "ES":
        nat = f"{r.choice('69')}{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"
        return "+34 " + nat if intl else nat
    if c == "IT":
        nat = r.choice([f"06 {_d(r, 4)} {_d(r, 4)}", f"02 {_d(r, 4)} {_d(r, 4)}", f"3{r.choice('234')}{_d(r, 1)} {_d(r, 3)} {_d(r, 4)}"])
        return "+39 " + nat if intl else nat
    if c == "NL":
        nat = r.choice([f"020 {_d(r, 3)} {_d(r, 4)}", f"06 {_d(r, 8)}", f"010 {_d(r, 3)} {_d(r, 4)}"])
        return "+31 " + nat[1:] if intl else nat
    if c == "PL":
        nat = f"{r.choice(['50', '51', '60', '69', '72', '88'])}{_d(r, 1)} {_d(r, 3)} {_d(r, 3)}"
        return "+48 " + nat if intl else nat
    if c == "SE":
        nat = r.choice([f"08-{_d(r, 3)} {_d(r, 3)} {_d(r, 2)}", f"070-{_d(r, 3)} {_d(r, 2)} {_d(r, 2)}", f"031-{_d(r, 3)} {_d(r, 2)} {_d(r, 2)}"])
        return "+46 " + nat[1:].replace("-", " ") if intl else nat
    if c == "DK":
        nat = f"{r.choice(['2', '3', '4', '5', '6', '7', '8'])}{_d(r, 1)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}"
        return "+45 " + nat
    if c == "FI":
        nat = r.choice([f"09 {_d(r, 3)} {_d(r, 4)}", f"040 {_d(r, 3)} {_d(r, 4)}", f"050 {_d(r, 3)} {_d(r, 4)}"])
        return "+358 " + nat[1:] if intl else nat
    raise ValueError(loc)


# --- checksummed identifiers -------------------------------------------------------------

def luhn_digit(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = int(d)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def credit_card(r):
    kind = r.random()
    if kind < 0.5:
        body = "4" + _d(r, 14)
    elif kind < 0.8:
        body = str(r.randint(51, 55)) + _d(r, 13)
    else:
        body = r.choice(["34", "37"]) + _d(r, 12)
        num = body + luhn_digit(body)
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    num = body + luhn_digit(body)
    return " ".join(num[i:i + 4] for i in range(0, 16, 4)) if r.random() < 0.5 else num


IBAN_BBAN = {"GB": (4, 14, True), "DE": (0, 18, False), "FR": (0, 23, False), "ES": (0, 20, False), "IT": (1, 22, False), "NL": (4, 10, True), "BE": (0, 12, False), "PL": (0, 24, False)}


def iban(r, country=None):
    country = country or r.choice(list(IBAN_BBAN))
    letters, digits, _ = IBAN_BBAN[country]
    bban = "".join(r.choice(string.ascii_uppercase) for _ in range(letters)) + _d(r, digits)
    num = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    check = 98 - num % 97
    code = f"{country}{check:02d}{bban}"
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4)) if r.random() < 0.5 else code


def nhs(r):
    while True:
        d = [r.randint(0, 9) for _ in range(9)]
        c = (11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11) % 11
        if c != 10:
            s = "".join(map(str, d)) + str(c)
            return f"{s[:3]} {s[3:6]} {s[6:]}" if r.random() < 0.6 else s


def nino(r):
    first = r.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = r.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        second = r.choice("ABCEGHJKLMNPRSTWXYZ")
    d = _d(r, 6)
    s = r.choice("ABCD")
    return f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {s}" if r.random() < 0.5 else f"{first}{second}{d}{s}"


def ssn(r):
    area = r.choice([r.randint(1, 665), r.randint(667, 899)])
    return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def itin(r):
    return f"9{_d(r, 2)}-{r.choice([r.randint(70, 88), r.randint(50, 65)])}-{_d(r, 4)}"


def passport(r):
    return r.choice([_d(r, 9), "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + _d(r, 7)])


DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni(r):
    n = r.randint(1000000, 99999999)
    return f"{n:08d}{DNI[n % 23]}"


def es_nie(r):
    p = r.randint(0, 2)
    n = r.randint(0, 9999999)
    return f"{'XYZ'[p]}{n:07d}{DNI[int(str(p) + f'{n:07d}') % 23]}"


def it_fiscal_code(r):
    # Days 1-28 (41-68 for women): any month has them, and a code whose date does not exist
    # is not a valid code.
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    body = "".join(r.choice("BCDFGHLMNPRSTVZ") for _ in range(6)) + f"{r.randint(40, 99):02d}" + r.choice("ABCDEHLMPRST") + f"{r.choice([r.randint(1, 28), r.randint(41, 68)]):02d}" + r.choice("ABCDEFGHLMZ") + _d(r, 3)
    total = 0
    for i, ch in enumerate(body):
        v = int(ch) if ch.isdigit() else ord(ch) - 65
        total += odd[v] if i % 2 == 0 else v
    return body + chr(65 + total % 26)


def nl_bsn(r):
    while True:
        d = [r.randint(0, 9) for _ in range(8)]
        s = sum(x * (9 - i) for i, x in enumerate(d))
        c = s % 11
        if c < 10 and d[0] != 0:
            return "".join(map(str, d)) + str(c)


def birth(r, lo=1935, hi=2006):
    y = r.randint(lo, hi)
    m = r.randint(1, 12)
    d = r.randint(1, 28)
    return y, m, d


def pl_pesel(r):
    y, m, d = birth(r)
    mm = m + (20 if y >= 2000 else 0)
    body = f"{y % 100:02d}{mm:02d}{d:02d}{_d(r, 4)}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    c = (10 - sum(int(x) * k for x, k in zip(body, w)) % 10) % 10
    return body + str(c)


def se_personnummer(r):
    y, m, d = birth(r)
    body = f"{y % 100:02d}{m:02d}{d:02d}{_d(r, 3)}"
    full = body + luhn_digit(body)
    return r.choice([f"{full[:6]}-{full[6:]}", f"{y // 100}{full}"])


def fi_hetu(r):
    y, m, d = birth(r)
    sign = "-" if y < 2000 else "A"
    ind = r.randint(2, 899)
    n = int(f"{d:02d}{m:02d}{y % 100:02d}{ind:03d}")
    return f"{d:02d}{m:02d}{y % 100:02d}{sign}{ind:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}"


def dk_cpr(r):
    y, m, d = birth(r, 1940, 1999)
    seventh = r.choice("0123")
    return f"{d:02d}{m:02d}{y % 100:02d}-{seventh}{_d(r, 3)}"


def fr_nir(r):
    y, m, _ = birth(r)
    body = f"{r.choice('12')}{y % 100:02d}{m:02d}{r.randint(1, 95):02d}{r.randint(1, 999):03d}{r.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    s = body + f"{key:02d}"
    return f"{s[0]} {s[1:3]} {s[3:5]} {s[5:7]} {s[7:10]} {s[10:13]} {s[13:]}" if r.random() < 0.5 else s


def de_tax_id(r):
    while True:
        digits = r.sample(range(10), 9)
        if digits[0] == 0:
            continue
        dup = r.choice(digits)
        pos = r.randint(1, 9)
        d = digits[:pos] + [dup] + digits[pos:]
        if d[0] == 0 or len(d) != 10:
            continue
        if any(d[i] == d[i + 1] == d[i + 2] for i in range(8)):
            continue
        product = 10
        for x in d:
            s = (x + product) % 10 or 10
            product = (s * 2) % 11
        c = (11 - product) % 10
        return "".join(map(str, d)) + str(c)


def be_national_number(r):
    y, m, d = birth(r)
    body = f"{y % 100:02d}{m:02d}{d:02d}{r.randint(1, 997):03d}"
    base = int(body) + (2000000000 if y >= 2000 else 0)
    key = 97 - base % 97
    s = body + f"{key:02d}"
    return f"{s[:2]}.{s[2:4]}.{s[4:6]}-{s[6:9]}.{s[9:]}" if r.random() < 0.6 else s


def ie_pps(r):
    d = _d(r, 7)
    second = r.choice(["", "A", "W"])
    total = sum(int(x) * (8 - i) for i, x in enumerate(d)) + (9 * (ord(second) - 64) if second == "A" else 0)
    return d + "WABCDEFGHIJKLMNOPQRSTUV"[total % 23] + second


def no_fodselsnummer(r):
    while True:
        y, m, d = birth(r)
        body = f"{d:02d}{m:02d}{y % 100:02d}{r.randint(0, 499):03d}"
        k1 = 11 - sum(int(x) * w for x, w in zip(body, [3, 7, 6, 1, 8, 9, 4, 5, 2])) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        body += str(k1)
        k2 = 11 - sum(int(x) * w for x, w in zip(body, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return body + str(k2)


def uk_postcode(r):
    area = r.choice(["SW1A", "EC1A", "W1D", "M1", "B33", "CF10", "LS6", "EH1", "G2", "BS8", "NE1", "L1", "SA1", "OX1"])
    return f"{area} {r.randint(0, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def uk_vehicle(r):
    mem = "".join(r.choice("ABCDEFGHJKLMNOPRSTUVWXY") for _ in range(2))
    age = r.choice([r.randint(2, 24), r.randint(51, 74)])
    rnd = "".join(r.choice("ABCDEFGHJKLMNOPRSTUVWXYZ") for _ in range(3))
    return f"{mem}{age:02d} {rnd}"


def ipv4(r):
    return f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def ipv6(r):
    return "2001:db8:" + ":".join(f"{r.randint(0, 65535):x}" for _ in range(6))


def mac(r):
    return ":".join(f"{r.randint(0, 255):02x}" for _ in range(6))


def dob(r):
    y, m, d = birth(r)
    return r.choice([f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{d:02d}.{m:02d}.{y}"])


def geo(r):
    return f"{r.uniform(36, 60):.5f}, {r.uniform(-8, 25):.5f}"


def url(r, loc):
    user = ascii_fold(r.choice(FIRST[loc])) + ascii_fold(r.choice(LAST[loc])).replace(" ", "")
    return r.choice([f"https://twitter.com/{user}", f"https://www.linkedin.com/in/{user}-{r.randint(10, 99)}", f"https://github.com/{user}", f"https://www.instagram.com/{user}"])


def username(r, loc):
    return ascii_fold(r.choice(FIRST[loc]))[:5] + r.choice(["_", ".", ""]) + ascii_fold(r.choice(LAST[loc]))[:4].replace(" ", "") + str(r.randint(1, 999))


# --- look-alikes that must not fire --------------------------------------------------------

def uuid(r):
    h = "".join(r.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def ean13(r):
    d = "40" + _d(r, 10)
    c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(d)) % 10) % 10
    return d + str(c)


def isbn13(r):
    d = "978" + _d(r, 9)
    c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(d)) % 10) % 10
    return f"{d[:3]}-{d[3]}-{d[4:7]}-{d[7:12]}-{c}"


def amount(r):
    return r.choice([f"{r.randint(0, 99999)}.{r.randint(0, 99):02d}", f"{r.randint(1, 999)},{r.randint(0, 999):03d}.{r.randint(0, 99):02d}", str(r.randint(100, 999999))])


def order_date(r):
    return f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def product_code(r):
    return r.choice([f"SKU-{r.randint(0, 99999):05d}-{r.choice(['AB', 'XL', 'QZ'])}", f"PRD{_d(r, 8)}", f"{r.choice('ABCDEFGH')}{r.choice('ABCDEFGH')}{_d(r, 6)}"])


def row_count(r):
    return str(r.randint(0, 500))


def random_digits(r, n):
    return _d(r, n)

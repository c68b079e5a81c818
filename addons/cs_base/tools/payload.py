"""Typed validation of external API payloads: one declarative schema per method.

Each API method declares its payload as a JSON Schema built with the helpers
below (``text``, ``choice``, ``integer``, ``boolean``, ``email``, ``url``,
``utc_datetime``, ``obj``, ``list_of``, ``optional``) and validates it with
:class:`Payload`, backed by the ``jsonschema`` library. Every refusal is an
:class:`odoo.exceptions.ValidationError` whose message names the key (dotted path,
``customer.email``, ``rows[3].at``) and the offending value; batch methods call
:meth:`Payload.row_errors` to get one message per bad row and keep the good ones.

Rules shared by every schema:
- booleans are booleans (``"false"`` is refused), integers are integers (``1.5``,
  ``"1"`` and ``True`` are refused);
- texts have a maximum length and never contain a NUL character;
- objects refuse unknown keys, naming them;
- dates and datetimes are UTC strings between 1900 and 2100;
- URLs are http(s) with a host; e-mail addresses are single, plain addresses.
"""

import datetime
import re
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

INT32_MAX = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1900, 2100
# "YYYY-MM-DD[ HH:MM[:SS]]"; ISO 8601's "T" separator and a UTC "Z"/"+00:00" are
# accepted too, since many integration tools send those
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|\+00:?00)?)?$"
)
VALUE_REPR_MAX = 60

FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("cs-text")
def _is_text(value):
    return not isinstance(value, str) or "\x00" not in value


@FORMAT_CHECKER.checks("cs-email")
def _is_email(value):
    if not isinstance(value, str):
        return True
    value = value.strip()
    normalized = email_normalize(value, strict=True)
    return (
        bool(normalized)
        and value.count("@") == 1
        and normalized.split("@")[0] != ""
        and not any(char in value for char in "%,;<> ")
    )


@FORMAT_CHECKER.checks("cs-url")
def _is_url(value):
    if not isinstance(value, str):
        return True
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def parse_utc_datetime(value):
    """``"YYYY-MM-DD[ HH:MM[:SS]]"`` → naive UTC datetime, or None when invalid."""
    if not isinstance(value, str) or not DATETIME_RE.match(value.strip()):
        return None
    value = re.sub(r"(Z|\+00:?00)$", "", value.strip()).replace("T", " ")
    value = value.split(".", 1)[0]
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None
    return None


@FORMAT_CHECKER.checks("cs-datetime")
def _is_datetime(value):
    return not isinstance(value, str) or parse_utc_datetime(value) is not None


# --------------------------------------------------------------- schema helpers


def text(max_length=255, required=True):
    """A text of at most ``max_length`` characters; non-blank when ``required``."""
    schema = {"type": "string", "maxLength": max_length, "format": "cs-text"}
    if required:
        schema["pattern"] = r"\S"
    return schema


def choice(values):
    """One of ``values`` (a list, or an Odoo selection list of pairs)."""
    values = [v[0] if isinstance(v, list | tuple) else v for v in values]
    return {"enum": values}


def integer(minimum=0, maximum=INT32_MAX):
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def number(minimum=0, maximum=10**12):
    return {"type": "number", "minimum": minimum, "maximum": maximum}


def boolean():
    return {"type": "boolean"}


def email():
    return {"type": "string", "maxLength": 254, "format": "cs-email"}


def url():
    return {"type": "string", "maxLength": 2048, "format": "cs-url"}


def utc_datetime():
    return {"type": "string", "maxLength": 32, "format": "cs-datetime"}


def list_of(item, max_items=1000, min_items=0):
    return {
        "type": "array",
        "items": item,
        "maxItems": max_items,
        "minItems": min_items,
    }


def optional(schema):
    """The schema, or ``False``/``None``/empty text meaning "not given"."""
    return {"anyOf": [{"enum": [False, None, ""]}, schema]}


def obj(properties, required=()):
    """An object with exactly these keys (unknown keys are refused)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


# ------------------------------------------------------------------ validation


def _short(value):
    if isinstance(value, str | bytes):
        text_value = repr(value[: VALUE_REPR_MAX + 1])
    else:
        text_value = repr(value)
    if len(text_value) > VALUE_REPR_MAX:
        text_value = text_value[:VALUE_REPR_MAX] + "…"
    return text_value


def _key(path, prefix):
    key = prefix
    for part in path:
        key = (
            f"{key}[{part}]"
            if isinstance(part, int)
            else (f"{key}.{part}" if key else str(part))
        )
    return key or "payload"


def _type_name(env, expected):
    names = {
        "string": env._("a text"),
        "integer": env._("a whole number"),
        "number": env._("a number"),
        "boolean": env._("true or false"),
        "array": env._("a list"),
        "object": env._("an object (dict)"),
    }
    if isinstance(expected, list):
        return env._(" or ").join(names.get(e, e) for e in expected)
    return names.get(expected, expected)


def _format_error(env, error, prefix):  # noqa: C901 - one branch per keyword
    if error.validator == "anyOf" and error.context:
        # optional(x): report against the real schema, not the "not given" branch
        inner = [e for e in error.context if e.schema_path[0] == 1] or error.context
        error = best_match(inner)
    key = _key(error.absolute_path, prefix)
    value = _short(error.instance)
    keyword, expected = error.validator, error.validator_value
    if keyword == "type":
        return env._(
            "%(key)s: %(value)s is not %(expected)s",
            key=key,
            value=value,
            expected=_type_name(env, expected),
        )
    if keyword == "enum":
        allowed = [e for e in expected if e not in (False, None, "")] or expected
        return env._(
            "%(key)s: %(value)s is not one of %(allowed)s",
            key=key,
            value=value,
            allowed=", ".join(str(a) for a in allowed),
        )
    if keyword == "required":
        missing = [k for k in expected if k not in error.instance]
        return env._(
            "%(key)s: is required",
            key=", ".join(_key([*error.absolute_path, k], prefix) for k in missing),
        )
    if keyword == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        unknown = sorted(str(k) for k in error.instance if k not in known)
        return env._(
            "%(key)s: unknown key(s); accepted keys: %(allowed)s",
            key=", ".join(_key([*error.absolute_path, k], prefix) for k in unknown),
            allowed=", ".join(sorted(known)),
        )
    if keyword == "maxLength":
        return env._(
            "%(key)s: %(length)s characters, at most %(max)s are accepted",
            key=key,
            length=len(error.instance),
            max=expected,
        )
    if keyword == "pattern":
        return env._("%(key)s: must not be empty, got %(value)s", key=key, value=value)
    if keyword in ("minimum", "maximum"):
        schema = error.schema
        return env._(
            "%(key)s: %(value)s is out of range (%(min)s to %(max)s)",
            key=key,
            value=value,
            min=schema.get("minimum", "-∞"),
            max=schema.get("maximum", "∞"),
        )
    if keyword == "maxItems":
        return env._(
            "%(key)s: %(count)s items, at most %(max)s are accepted per call",
            key=key,
            count=len(error.instance),
            max=expected,
        )
    if keyword == "minItems":
        return env._(
            "%(key)s: at least %(min)s item(s) are required", key=key, min=expected
        )
    if keyword == "format":
        messages = {
            "cs-text": env._("contains a NUL character"),
            "cs-email": env._("is not a single e-mail address"),
            "cs-url": env._("is not an http(s) URL"),
            "cs-datetime": env._(
                "is not a UTC date-time 'YYYY-MM-DD HH:MM:SS' between 1900 and 2100"
            ),
        }
        return env._(
            "%(key)s: %(value)s %(reason)s",
            key=key,
            value=value,
            reason=messages.get(expected, expected),
        )
    return env._("%(key)s: %(value)s is not accepted", key=key, value=value)


def _plain(value):
    """XML-RPC may send dates as datetime objects: compare them as UTC strings."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Payload:
    """A compiled payload schema; build one per API method at import time."""

    def __init__(self, schema, prefix=""):
        Draft202012Validator.check_schema(schema)
        self.schema = schema
        self.prefix = prefix
        self._validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)

    def errors(self, env, payload, prefix=None):
        """Every error of ``payload`` as a message naming the key and the value."""
        prefix = self.prefix if prefix is None else prefix
        found = sorted(
            self._validator.iter_errors(_plain(payload)),
            key=lambda e: [str(p) for p in e.absolute_path],
        )
        messages = {}
        for error in found:  # one message per key: the first is the most telling
            message = _format_error(env, error, prefix)
            messages.setdefault(message.split(":", 1)[0], message)
        return list(messages.values())

    def validate(self, env, payload, prefix=None):
        """Return ``payload`` (dates as strings) or raise ValidationError."""
        messages = self.errors(env, payload, prefix)
        if messages:
            raise ValidationError("\n".join(dict.fromkeys(messages)))
        return _plain(payload)

    def row_errors(self, env, rows, key="rows", max_rows=1000):
        """Validate a batch: the list itself (type, size) raises, each row does not.

        Returns ``[(index, row, message_or_False)]``; ``row`` has dates as strings.
        """
        Payload(list_of({}, max_items=max_rows), prefix=key).validate(env, rows)
        result = []
        for index, row in enumerate(rows):
            messages = self.errors(env, row, prefix=f"{key}[{index}]")
            message = "\n".join(dict.fromkeys(messages)) if messages else False
            result.append((index, _plain(row), message))
        return result

"""Normalized keys the customer matching looks partners up by.

The same rule in Python (new and changed partners, the callers' input) and in SQL
(filling existing rows at install), so both sides always agree.
"""

import re

from odoo.tools import SQL, email_normalize

PHONE_KEY_DIGITS = 10  # a Russian number without its +7 / 8 prefix
PHONE_KEY_MIN_DIGITS = 7  # shorter: an extension or junk, never a key
_NON_DIGITS = re.compile(r"[^0-9]")


def phone_key(phone):
    """The matching key of a phone number: its digits, the last ten of them.

    ``+7 (923) 111-22-33``, ``8 923 111 22 33`` and ``9231112233`` share the key
    ``9231112233``. False when the number has fewer than seven digits.
    """
    digits = _NON_DIGITS.sub("", phone or "") if isinstance(phone, str) else ""
    if len(digits) < PHONE_KEY_MIN_DIGITS:
        return False
    return digits[-PHONE_KEY_DIGITS:]


def phone_key_sql(column):
    """SQL expression of :func:`phone_key` on ``column`` (an ``SQL`` term)."""
    digits = SQL("regexp_replace(%s, '[^0-9]', '', 'g')", column)
    return SQL(
        "CASE WHEN length(%s) >= %s THEN RIGHT(%s, %s) END",
        digits,
        PHONE_KEY_MIN_DIGITS,
        digits,
        PHONE_KEY_DIGITS,
    )


def email_key(email):
    """The matching key of an e-mail address: Odoo's normalized form (lower case,
    the address alone), the value of ``res.partner.email_normalized``; False when
    it is not one e-mail address."""
    if not isinstance(email, str) or not email.strip():
        return False
    return email_normalize(email.strip(), strict=True) or False

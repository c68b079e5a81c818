# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The context of a mention: the customer's own signature, a complaint clause."""

import re

from .names import _analyse

_SIGNATURE_RE = re.compile(
    r"(?:(?:с уважением|с благодарностью|best regards|kind regards|regards|"
    r"sincerely|cheers)\s*[,:\n-]|меня зовут|my name is|"
    r"ваш[аи]?\s+(?:постоянн\w+\s+)?(?:клиент\w*|покупател\w*)\s*[,:]?)\s*$",
    re.IGNORECASE,
)
# Lemmas that make a clause a complaint about the person named in it: «а вот
# Дмитрий нагрубил» names Дмитрий, but does not thank him.
COMPLAINT_LEMMAS = frozenset(
    """
    нагрубить грубить нахамить хамить накричать кричать обмануть обманывать
    опоздать опаздывать сорвать испортить сломать проигнорировать игнорировать
    нагрубивший грубый грубо грубиян хам хамка хамство хамский жалоба жаловаться
    пожаловаться некомпетентный невежливый бестолковый отвратительный ужасный
    rude rudely complaint terrible awful
    """.split()
)
_CLAUSE_BOUNDARY_RE = re.compile(
    r"[,.;:!?()\n]|\s[—–-]\s|\s(?:а|но|зато|однако|but)\s", re.IGNORECASE
)
_CLAUSE_WINDOW = 200  # characters looked at around a mention for a complaint
_CLAUSE_WORD_RE = re.compile(r"[^\W\d_]+")


def _is_signature(text, start):
    """«С уважением, Иван Петров», «меня зовут Ольга»: the customer, not staff."""
    return bool(_SIGNATURE_RE.search(text[max(start - 60, 0) : start]))


def _in_complaint(text, start, end):
    """True when the clause around text[start:end] complains about the person."""
    window = max(start - _CLAUSE_WINDOW, 0)
    boundaries = _CLAUSE_BOUNDARY_RE.finditer(text, window, start)
    left = max((match.end() for match in boundaries), default=window)
    right_match = _CLAUSE_BOUNDARY_RE.search(text, end, end + _CLAUSE_WINDOW)
    right = right_match.start() if right_match else min(end + _CLAUSE_WINDOW, len(text))
    for word in _CLAUSE_WORD_RE.findall(text[left:start] + " " + text[end:right]):
        if _analyse(word).lemmas & COMPLAINT_LEMMAS:
            return True
    return False

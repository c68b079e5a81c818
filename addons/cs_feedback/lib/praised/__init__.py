# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who was thanked: the people a customer names in a thanks, matched to employees.

Pure library, no ORM: ``suggest(text, employees, team_employee_ids)`` finds the
person mentions of a text (natasha's offline news NER for PER spans, plus a rule
for lone first names the NER misses), brings them to the nominative with
``pymorphy3`` («Марии Ивановой» → «Мария Иванова»), expands diminutives with the
table shipped in ``data/cs_diminutives.csv`` (Саша → Александр, Александра) and
matches them against the employees by surname + first name, first name + the
ticket's team, a first name unique in the company, with ``rapidfuzz`` for
spelling slips.

The models ship inside the ``natasha`` and ``pymorphy3-dicts-ru`` wheels: nothing
is ever downloaded.  They are loaded once per process, lazily and thread-safely,
by ``get_models()`` (about 2-4 s); a text then costs a few milliseconds.

natasha's own ``MorphVocab`` / ``NamesExtractor`` are not used: they sit on
``pymorphy2``, which cannot load its dictionaries on Python 3.11 (it needs
``pkg_resources`` and ``inspect.getargspec``); ``pymorphy3`` does that job here.

Confidence of a suggestion (one per employee, its best mention):

- first name + surname (diminutives and surname gender forms included): 0.97,
  × 0.85 with a spelling slip in one of them (rapidfuzz ratio >= 80 / 85);
- first name + patronymic: 0.9;
- first name only: 0.85 when one employee of the ticket's team bears it, 0.7 when
  one employee of the company does; surname only: 0.85 / 0.75 likewise;
- several employees fit and the team does not decide: 0.3 each (not proposed);
- a name nobody in the company bears, the customer's signature, a clause that
  complains about the person («а вот Дмитрий нагрубил»): nothing.

``SUGGESTION_THRESHOLD`` (0.6) is what ``suggest`` returns by default and what
the labelled set in ``tests/praised_cases.py`` is measured at.
"""

from .loader import get_models
from .matching import (
    CONF_AMBIGUOUS,
    CONF_FIRST_MIDDLE,
    CONF_FULL,
    CONF_TEAM_FIRST,
    CONF_TEAM_SURNAME,
    CONF_UNIQUE_FIRST,
    CONF_UNIQUE_SURNAME,
    SUGGESTION_THRESHOLD,
    match_employees,
)
from .mentions import MAX_TEXT_CHARS, find_mentions
from .names import _analyse, expand_first_name

__all__ = [
    "CONF_AMBIGUOUS",
    "CONF_FIRST_MIDDLE",
    "CONF_FULL",
    "CONF_TEAM_FIRST",
    "CONF_TEAM_SURNAME",
    "CONF_UNIQUE_FIRST",
    "CONF_UNIQUE_SURNAME",
    "MAX_TEXT_CHARS",
    "SUGGESTION_THRESHOLD",
    "expand_first_name",
    "find_mentions",
    "get_models",
    "match_employees",
    "suggest",
    "warm_up",
]


def warm_up():
    """Load the models now (e.g. when a worker starts); returns the load seconds."""
    models = get_models()
    _analyse("Мария")
    return models.load_seconds


def suggest(text, employees, team_employee_ids=(), min_confidence=SUGGESTION_THRESHOLD):
    """``match_employees(find_mentions(text), ...)``: who the text thanks."""
    return match_employees(
        find_mentions(text), employees, team_employee_ids, min_confidence
    )

# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Names and their normal forms: the diminutive table and word analysis.

``expand_first_name`` (Саша → Александр, Александра) from the shipped
``data/cs_diminutives.csv``; ``_analyse(word)``: what a word may be as a part of
a person's name (first name, surname, patronymic, role word), via ``pymorphy3``.
"""

import csv
import functools
import re
from pathlib import Path

from .loader import get_models

DIMINUTIVES_PATH = (
    Path(__file__).resolve().parent.parent.parent / "data" / "cs_diminutives.csv"
)

# Lemmas of the words that announce a person: «мастер Саша», «оператору Ольге».
ROLE_WORDS = frozenset(
    """
    оператор операторша мастер мастерица менеджер консультант сотрудник сотрудница
    курьер специалист специалистка инженер техник администратор кассир продавец
    продавщица водитель монтажник установщик доставщик диспетчер бухгалтер юрист
    руководитель начальник директор агент представитель экспедитор грузчик сантехник
    электрик стажёр стажер приёмщик приемщик приёмщица приемщица помощник ассистент
    девушка парень коллега замерщик сборщик механик слесарь врач медсестра старший
    господин госпожа
    agent operator manager technician courier engineer driver rep representative
    specialist consultant support colleague mr mrs ms miss sir madam
    """.split()
)
# Words capitalised in English texts that are never a person.
_WORD_RE = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_CASES = frozenset(
    {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"}
)
_PART_OPTIONS = {"first": "names", "middle": "patronymics", "last": "surnames"}
# Case endings stripped before a fuzzy comparison of surnames.
_CASE_ENDING_RE = re.compile(r"(?:ой|ою|ому|ого|ым|ом|ем|ей|ую|а|у|е|ы|и|я|ю)$")
# Patronymics in any case: Сергеевич(а, у, ем, е), Павловн(а, ы, е, у, ой), Ильинична.
_PATR_ENDINGS = tuple(
    stem + ending
    for stem in ("ич", "вн", "чн")
    for ending in ("", "а", "у", "ем", "е", "ы", "ой", "ою")
)


def _key(word):
    """Matching key: lower case, ё as е."""
    return word.lower().replace("ё", "е")


def _cap(word):
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


# ----------------------------------------------------------------------- diminutives


@functools.cache
def _diminutives():
    """{diminutive key: (full first name, ...)} from the shipped table."""
    table = {}
    with open(DIMINUTIVES_PATH, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            full = _cap(row["full_name"].strip())
            names = table.setdefault(_key(row["diminutive"].strip()), [])
            if full not in names:
                names.append(full)
    return {key: tuple(names) for key, names in table.items()}


@functools.cache
def _known_first_names():
    """Keys of every first name of the table, diminutive or full."""
    table = _diminutives()
    return frozenset(table) | {_key(n) for names in table.values() for n in names}


def expand_first_name(name):
    """Full first names a first name may stand for, the name itself first when it
    is a full name: «Саша» → ["Александр", "Александра"], «Маша» → ["Мария"],
    «Мария» → ["Мария"].  Case and ё are ignored; an unknown name maps to itself.
    """
    name = (name or "").strip()
    if not name:
        return []
    full = _diminutives().get(_key(name), ())
    if not full:
        return [_cap(name.lower())]
    return list(full)


def _first_keys(name):
    return {_key(name)} | {_key(full) for full in expand_first_name(name)}


# -------------------------------------------------------------------- word analysis


class _Analysis:
    """What one word may be as a part of a person's name."""

    __slots__ = (
        "word",
        "latin",
        "names",
        "surnames",
        "patronymics",
        "common",
        "role",
        "name_score",
        "lemmas",
        "role_cases",
    )

    def __init__(self, word):
        self.word = word
        self.latin = not _CYRILLIC_RE.search(word)
        # tuples of (nominative, gender, score), best first
        self.names = ()
        self.surnames = ()
        self.patronymics = ()
        self.common = False  # also an ordinary dictionary word («вера», «саше»)
        self.role = False  # «оператор», «мастер», «Mr»
        self.name_score = 0.0  # how likely the word is a first name (0-1)
        self.lemmas = frozenset()  # every normal form («нагрубил» → нагрубить)
        self.role_cases = frozenset()  # cases of the role word («мастера»: gent, accs)

    @property
    def is_name_part(self):
        return bool(self.names or self.surnames or self.patronymics)


def _gender(tag):
    if "femn" in tag:
        return "f"
    if "masc" in tag:
        return "m"
    return None  # ms-f: Саша, Женя


def _nominative(parse):
    form = parse.inflect({"nomn", "sing"})
    return form.word if form else parse.normal_form


def _case(grammemes):
    return next(iter(grammemes & _CASES), None)


def _ranked(options):
    """Unique (form, gender, score, cases) by descending score; the cases are the
    grammatical cases the word may be in with that reading."""
    best = {}
    for form, gender, score, case in options:
        previous_score, cases = best.get((form, gender), (-1.0, frozenset()))
        best[(form, gender)] = (max(previous_score, score), cases | {case})
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    return tuple(
        (form, gender, score, cases) for (form, gender), (score, cases) in ranked
    )


@functools.lru_cache(maxsize=50000)
def _analyse(word):
    """The name parts a word may be (cached: a name recurs across texts)."""
    result = _Analysis(word)
    lower = word.lower()
    if result.latin:
        result.role = lower in ROLE_WORDS
        result.names = ((_cap(lower), None, 1.0, frozenset()),)
        result.lemmas = frozenset({lower})
        return result
    names, surnames, patronymics = [], [], []
    parses = get_models().morph.parse(lower)
    result.lemmas = frozenset(parse.normal_form for parse in parses)
    for parse in parses:
        grammemes = parse.tag.grammemes
        if parse.normal_form in ROLE_WORDS and "Name" not in grammemes:
            result.role = True
            if "plur" not in grammemes:
                result.role_cases |= {_case(grammemes)}
        if "plur" in grammemes and grammemes & _NAME_TAGS:
            continue  # «Семёнов» is not the genitive plural of Семён here
        if "Name" in grammemes and parse.is_known:
            names.append(
                (parse.normal_form, _gender(grammemes), parse.score, _case(grammemes))
            )
            result.name_score += parse.score
        elif "Surn" in grammemes:
            surnames.append(
                (_nominative(parse), _gender(grammemes), parse.score, _case(grammemes))
            )
        elif "Patr" in grammemes and lower.endswith(_PATR_ENDINGS):
            patronymics.append(
                (_nominative(parse), _gender(grammemes), parse.score, _case(grammemes))
            )
        elif parse.is_known and not grammemes & _NAME_TAGS:
            result.common = True
    if not names and _key(lower) in _known_first_names():
        names.append((lower, None, 1.0, None))
    result.names = _ranked(names)
    result.surnames = _ranked(surnames)
    result.patronymics = _ranked(patronymics)
    return result

# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mentions matched to employees, with a confidence per employee.

``match_employees(mentions, employees, team_employee_ids)``: surname + first name,
first name + the ticket's team, a first name unique in the company, with
``rapidfuzz`` for spelling slips.
"""

import functools
import re

from .names import _CASE_ENDING_RE, _WORD_RE, _analyse, _first_keys, _key

# A suggestion is worth proposing from this confidence on (the labelled set's
# precision / recall are measured at this threshold).
SUGGESTION_THRESHOLD = 0.6

CONF_FULL = 0.97  # first name + surname
CONF_FIRST_MIDDLE = 0.9  # first name + patronymic («Надежде Павловне»)
CONF_TEAM_FIRST = 0.85  # first name only, one such employee in the ticket's team
CONF_TEAM_SURNAME = 0.85  # surname only, one such employee in the ticket's team
CONF_UNIQUE_SURNAME = 0.75  # surname only, one such employee in the company
CONF_UNIQUE_FIRST = 0.7  # first name only, one such employee in the company
CONF_AMBIGUOUS = 0.3  # several employees fit one mention: never proposed
FUZZY_FACTOR = 0.85  # a spelling slip in one name part (Ивонова → Иванова)
FUZZY_MIN_RATIO = 80  # rapidfuzz ratio (0-100) for a slip in a surname
FUZZY_MIN_RATIO_FIRST = 85  # ... in a first name (shorter, so stricter)
FUZZY_MIN_LENGTH = 4  # shorter words are not fuzzy-matched


@functools.lru_cache(maxsize=20000)
def _parse_employee_name(name):
    """{"first", "middle", "last", "first_keys", "latin"} of an employee's name:
    "Фамилия Имя [Отчество]", "Имя [Отчество] Фамилия" or Latin "First Last"."""
    words = [word for word in re.split(r"[\s,]+", name or "") if _WORD_RE.match(word)]
    result = {"first": None, "middle": None, "last": None, "latin": False}
    if not words:
        result["first_keys"] = frozenset()
        return result
    analyses = [_analyse(word) for word in words]
    if all(analysis.latin for analysis in analyses):
        result["latin"] = True
        result["first"] = words[0]
        result["last"] = words[-1] if len(words) > 1 else None
    else:
        _assign_cyrillic_parts(words, analyses, result)
    first = result["first"]
    result["first_keys"] = frozenset(_first_keys(first)) if first else frozenset()
    return result


def _assign_cyrillic_parts(words, analyses, result):
    rest = list(range(len(words)))
    for i in rest:
        if analyses[i].patronymics and len(words) > 2:
            result["middle"] = words[i]
            rest.remove(i)
            # the first name stands right before the patronymic
            if i - 1 in rest:
                result["first"] = words[i - 1]
                rest.remove(i - 1)
            break
    if result["first"] is None:
        named = [i for i in rest if analyses[i].names and not analyses[i].surnames]
        named = named or [i for i in rest if analyses[i].names] or rest[-1:]
        # "Фамилия Имя" when the first word is no name, else "Имя Фамилия"
        pick = named[0] if len(named) == 1 else (rest[1] if len(rest) > 1 else rest[0])
        result["first"] = words[pick]
        rest.remove(pick)
    if rest:
        result["last"] = words[rest[0]]


def _employee_info(employee):
    parsed = _parse_employee_name(employee["name"])
    return {
        "id": employee["id"],
        "name": employee["name"],
        "first_keys": parsed["first_keys"],
        "middle_key": _key(parsed["middle"]) if parsed["middle"] else None,
        "last_key": _key(parsed["last"]) if parsed["last"] else None,
        "latin": parsed["latin"],
    }


def _stem(word):
    """The word without its case ending (Петрава → петрав, Ивановой → иванов)."""
    match = _CASE_ENDING_RE.search(word)
    return word[: match.start()] if match and match.start() >= 3 else word


def _fuzzy(query_keys, target):
    """Best rapidfuzz ratio (0-100) between any query key and the target, as
    written and without case endings (a slip may hide in an oblique case:
    «Петрава» for «Петрова»)."""
    from rapidfuzz import fuzz

    if not target or len(target) < FUZZY_MIN_LENGTH:
        return 0.0
    target_stem = _stem(target)
    return max(
        (
            max(fuzz.ratio(query, target), fuzz.ratio(_stem(query), target_stem))
            for query in query_keys
            if len(query) >= 3
        ),
        default=0.0,
    )


def _first_hits(mention, infos):
    keys = set(mention["first_keys"])
    exact = [info for info in infos if info["first_keys"] & keys]
    if mention["latin"] and not exact:
        # a lone Latin word may be a surname ("thanks to Mr Smith")
        exact = [info for info in infos if info["last_key"] in keys]
    return exact


def _full_name_scores(mention, infos):
    """Mentions with a first name and a surname: both must fit."""
    first_keys = set(mention["first_keys"])
    last_keys = set(mention["last_keys"])
    scores = {}
    for info in infos:
        first_ok = bool(info["first_keys"] & first_keys)
        last_ok = info["last_key"] in last_keys
        if first_ok and last_ok:
            scores[info["id"]] = CONF_FULL
            continue
        if first_ok and _fuzzy(last_keys, info["last_key"]) >= FUZZY_MIN_RATIO:
            scores[info["id"]] = CONF_FULL * FUZZY_FACTOR
        elif (
            last_ok
            and max((_fuzzy(first_keys, key) for key in info["first_keys"]), default=0)
            >= FUZZY_MIN_RATIO_FIRST
        ):
            scores[info["id"]] = CONF_FULL * FUZZY_FACTOR
    return scores


def _unique_scores(candidates, team, unique_conf, team_conf):
    """One candidate wins, otherwise every candidate gets CONF_AMBIGUOUS."""
    in_team = [info for info in candidates if info["id"] in team]
    if len(in_team) == 1:
        return {in_team[0]["id"]: team_conf}
    if len(in_team) > 1:
        return {info["id"]: CONF_AMBIGUOUS for info in in_team}
    if len(candidates) == 1:
        return {candidates[0]["id"]: unique_conf}
    return {info["id"]: CONF_AMBIGUOUS for info in candidates}


def _first_name_scores(mention, infos, team):
    candidates = _first_hits(mention, infos)
    if mention["middle_keys"]:
        middle_keys = set(mention["middle_keys"])
        with_middle = [info for info in candidates if info["middle_key"] in middle_keys]
        if with_middle:
            return _unique_scores(
                with_middle, team, CONF_FIRST_MIDDLE, CONF_FIRST_MIDDLE
            )
        # a different patronymic is somebody else; no patronymic on file is fine
        candidates = [info for info in candidates if not info["middle_key"]]
    return _unique_scores(candidates, team, CONF_UNIQUE_FIRST, CONF_TEAM_FIRST)


def _surname_scores(mention, infos, team):
    last_keys = set(mention["last_keys"])
    exact = [info for info in infos if info["last_key"] in last_keys]
    if exact:
        return _unique_scores(exact, team, CONF_UNIQUE_SURNAME, CONF_TEAM_SURNAME)
    fuzzy = [
        info
        for info in infos
        if _fuzzy(last_keys, info["last_key"]) >= FUZZY_MIN_RATIO and not info["latin"]
    ]
    scores = _unique_scores(fuzzy, team, CONF_UNIQUE_SURNAME, CONF_TEAM_SURNAME)
    return {key: value * FUZZY_FACTOR for key, value in scores.items()}


def _mention_scores(mention, infos, team):
    if mention["first"] and mention["last"]:
        return _full_name_scores(mention, infos)
    if mention["first"]:
        return _first_name_scores(mention, infos, team)
    return _surname_scores(mention, infos, team)


def match_employees(
    mentions, employees, team_employee_ids=(), min_confidence=SUGGESTION_THRESHOLD
):
    """Employees the mentions name, best first.

    ``employees``: dicts ``{"id", "name"}``; ``team_employee_ids``: the employees
    of the ticket's team.  Returns dicts ``{"employee_id", "employee" (name),
    "mention" (nominative), "confidence"}`` with confidence >= ``min_confidence``,
    one per employee (its best mention).  A name nobody in the company bears gives
    nothing; a first name shared by several employees none of whom is in the team
    gives nothing either (CONF_AMBIGUOUS stays below any sensible threshold).
    """
    infos = [_employee_info(employee) for employee in employees if employee.get("name")]
    team = set(team_employee_ids or ())
    names = {info["id"]: info["name"] for info in infos}
    best = {}
    for order, mention in enumerate(mentions):
        if mention.get("complaint"):
            continue
        for employee_id, confidence in _mention_scores(mention, infos, team).items():
            confidence = round(confidence, 3)
            if confidence < min_confidence:
                continue
            if employee_id not in best or best[employee_id][0] < confidence:
                best[employee_id] = (confidence, order, mention["normal"])
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1]))
    return [
        {
            "employee_id": employee_id,
            "employee": names[employee_id],
            "mention": mention,
            "confidence": confidence,
        }
        for employee_id, (confidence, _order, mention) in ranked
    ]

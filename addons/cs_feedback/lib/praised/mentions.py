# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Person mentions of a text: natasha's NER for PER spans plus a rule for lone
first names the NER misses, brought to the nominative (``find_mentions``)."""

import bisect

from .clauses import _in_complaint, _is_signature
from .loader import get_models
from .names import _PART_OPTIONS, _WORD_RE, _analyse, _cap, _first_keys, _key

# Longer texts are cut: the NER costs about 40 ms per 1000 characters, and thanks
# name their heroes early.
MAX_TEXT_CHARS = 5000
LATIN_STOPWORDS = frozenset(
    """
    i thanks thank you dear hello hi hey team support service the a an and to for
    from kudos shout out all everyone everything very really so just today yesterday
    was were he she they his her their awesome amazing fantastic wonderful nice
    quick fast super
    with your our we my it this that great good excellent many big special huge
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december ok okay please
    best kind regards sincerely cheers customer company delivery order
    """.split()
)
# Prepositions after which a capitalised «Вера», «Надежда», «Любовь» at the start
# of a sentence is the word, not the woman: «Вера в компанию», «Надежда на лучшее».
_WORD_USE_PREPOSITIONS = frozenset({"в", "во", "на", "к", "ко", "что", "-", "—"})
_OPENING_QUOTES = frozenset("«„“\"'")


class _Token:
    __slots__ = (
        "text",
        "start",
        "stop",
        "sentence_start",
        "glued",
        "quoted",
        "analysis",
    )

    def __init__(self, text, start, stop, sentence_start):
        self.glued = False
        self.quoted = False
        self.text = text
        self.start = start
        self.stop = stop
        self.sentence_start = sentence_start
        self.analysis = None

    @property
    def capitalised(self):
        return self.text[:1].isupper()

    def get(self):
        if self.analysis is None:
            self.analysis = _analyse(self.text)
        return self.analysis


def _tokens(text):
    """Word tokens of the text, flagged when first in their sentence or glued to
    the previous word by spaces only."""
    from razdel import sentenize, tokenize

    starts = [sentence.start for sentence in sentenize(text)]
    tokens = []
    next_start = 0  # index in starts of the next sentence to open
    opens = False
    previous_stop = None
    for token in tokenize(text):
        while next_start < len(starts) and starts[next_start] <= token.start:
            next_start += 1
            opens = True
        if not _WORD_RE.match(token.text):
            previous_stop = None
            continue
        word = _Token(token.text, token.start, token.stop, opens)
        word.glued = (
            previous_stop is not None and not text[previous_stop : token.start].strip()
        )
        word.quoted = text[: token.start].rstrip()[-1:] in _OPENING_QUOTES
        tokens.append(word)
        opens = False
        previous_stop = token.stop
    return tokens


def _near_role_or_name(tokens, index):
    """A role word or a capitalised name part right before or after the token."""
    neighbours = []
    if index > 0 and tokens[index].glued:
        neighbours.append(tokens[index - 1])
    if index + 1 < len(tokens) and tokens[index + 1].glued:
        neighbours.append(tokens[index + 1])
    for neighbour in neighbours:
        analysis = neighbour.get()
        if analysis.role:
            return True
        if neighbour.capitalised and not analysis.latin and analysis.is_name_part:
            if not analysis.common:
                return True
    return False


def _word_use(tokens, index, ner):
    """True when a name that is also a common word («Вера», «Надежда», «Любовь»,
    «Роза») is used as the word here.

    It is a name next to a role word or another name part, or capitalised inside
    a sentence (not right after an opening quote: «Роза ветров» is a shop).  At
    the start of a sentence it is the word before a preposition («Вера в
    компанию», «Надежда на лучшее»), otherwise a name when the NER says so
    (``ner``) or when the dictionary finds the name the likelier reading
    («Роза из бухгалтерии», but not «Вера», «Любовь»)."""
    token = tokens[index]
    analysis = token.get()
    if not analysis.common or _near_role_or_name(tokens, index):
        return False
    if token.quoted or not token.capitalised:
        return True
    if token.sentence_start:
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.text.lower() in _WORD_USE_PREPOSITIONS:
            return True
        return not (ner or analysis.name_score >= 0.5)
    return False


def _span_token_indexes(starts, start, stop):
    """Indexes of the tokens starting in [start, stop) (``starts`` is sorted)."""
    return list(
        range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, stop))
    )


def _classify(tokens, indexes):
    """Split a span's tokens into first / middle / last name tokens."""
    parts = {"first": [], "middle": [], "last": []}
    for index in indexes:
        token = tokens[index]
        analysis = token.get()
        if analysis.role or (not token.capitalised and not analysis.is_name_part):
            continue
        if analysis.latin:
            parts["first" if not parts["first"] else "last"].append(index)
        elif analysis.patronymics:
            parts["middle"].append(index)
        elif analysis.names:
            parts["first"].append(index)
        elif analysis.surnames or (token.capitalised and not analysis.common):
            parts["last"].append(index)
    if not parts["first"] and len(parts["last"]) > 1:
        # «Констанина Михайлова»: the word no dictionary knows as a surname is a
        # misspelt first name
        unknown = [i for i in parts["last"] if not tokens[i].get().surnames]
        if unknown:
            parts["first"] = unknown[:1]
            parts["last"].remove(unknown[0])
    if len(parts["first"]) > 1:
        # «Петрова Ивана»: Ивана is the first name; a second «name» is the surname
        keep = [i for i in parts["first"] if not tokens[i].get().surnames]
        keep = keep[:1] or parts["first"][-1:]
        parts["last"].extend(i for i in parts["first"] if i not in keep)
        parts["first"] = keep
    return {key: value[:1] for key, value in parts.items()}


def _part_options(tokens, parts, role_cases):
    """{part: readings of its token}, narrowed to the role word's cases when the
    name follows one («мастера Кузнецова»: genitive, so Кузнецов, not Кузнецова)."""
    options = {}
    for key, attribute in _PART_OPTIONS.items():
        readings = ()
        for index in parts[key]:
            readings = getattr(tokens[index].get(), attribute)
        if role_cases:
            agreeing = tuple(r for r in readings if r[3] & role_cases)
            readings = agreeing or readings
        options[key] = readings
    return options


def _mention_gender(options):
    for key in ("middle", "last", "first"):
        genders = {gender for _form, gender, _score, _cases in options[key]}
        if len(genders) == 1 and None not in genders:
            return genders.pop()
    return None


def _pick(options, gender):
    """Nominatives of the readings compatible with the gender, best first."""
    fitting = [
        form for form, g, _s, _c in options if gender is None or g in (gender, None)
    ]
    return fitting or [form for form, _g, _s, _c in options]


def _role_cases_before(tokens, first_index):
    if first_index > 0 and tokens[first_index].glued:
        return tokens[first_index - 1].get().role_cases
    return frozenset()


def _build_mention(text, tokens, indexes, source):
    parts = _classify(tokens, indexes)
    if not parts["first"] and not parts["last"]:
        return None
    used = sorted(i for value in parts.values() for i in value)
    options = _part_options(tokens, parts, _role_cases_before(tokens, used[0]))
    gender = _mention_gender(options)
    mention = {
        "text": text[tokens[used[0]].start : tokens[used[-1]].stop],
        "start": tokens[used[0]].start,
        "end": tokens[used[-1]].stop,
        "normal": "",
        "first": None,
        "middle": None,
        "last": None,
        "gender": gender,
        "latin": False,
        "source": source,
        "first_keys": [],
        "middle_keys": [],
        "last_keys": [],
    }
    for key in _PART_OPTIONS:
        for index in parts[key]:
            token = tokens[index]
            forms = _pick(options[key], gender)
            if token.get().latin or not forms:
                mention["latin"] = mention["latin"] or token.get().latin
                # the word as written is its only key (unknown surname, Latin)
                forms = [token.text]
            mention[key] = _cap(forms[0])
            keys = {_key(form) for form in forms}
            if key == "first":
                keys |= {_key(token.text)}
                keys |= {k for form in forms for k in _first_keys(form)}
            mention[f"{key}_keys"] = sorted(keys)
    ordered = [mention[key] for key in ("first", "middle", "last") if mention[key]]
    mention["normal"] = " ".join(ordered)
    return mention


def _ner_mentions(text, tokens, covered):
    mentions = []
    starts = [token.start for token in tokens]
    for start, stop in get_models().person_spans(text):
        indexes = _span_token_indexes(starts, start, stop)
        if not indexes:
            continue
        if len(indexes) == 1 and _word_use(tokens, indexes[0], ner=True):
            continue
        if _is_signature(text, tokens[indexes[0]].start):
            covered.update(indexes)
            continue
        mention = _build_mention(text, tokens, indexes, "ner")
        covered.update(indexes)
        if mention:
            mentions.append(mention)
    return mentions


def _rule_candidate(tokens, index):
    """A first name the NER missed: «мастер Саша», «спасибо Розе из кассы»."""
    token = tokens[index]
    analysis = token.get()
    if analysis.latin:
        lower = token.text.lower()
        # only employees' own Latin names match these, so a capitalised word at
        # the start of a sentence is a candidate too ("Anna was so helpful")
        return (
            token.capitalised
            and lower not in LATIN_STOPWORDS
            and not analysis.role
            and len(lower) > 2
        )
    if not analysis.names or analysis.role:
        return False
    if not token.capitalised:
        # lower-case names only right after a role word («мастеру саше») or
        # before a surname or patronymic («спасибо марии ивановой»)
        if index > 0 and token.glued and tokens[index - 1].get().role:
            return True
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        return bool(
            not analysis.common
            and following is not None
            and following.glued
            and (following.get().surnames or following.get().patronymics)
        )
    return not token.quoted and not _word_use(tokens, index, ner=False)


def _rule_mentions(text, tokens, covered):
    mentions = []
    index = 0
    while index < len(tokens):
        if index in covered or not _rule_candidate(tokens, index):
            index += 1
            continue
        indexes = [index]
        # a capitalised patronymic / surname right after it belongs to the mention
        while (
            indexes[-1] + 1 < len(tokens)
            and indexes[-1] + 1 not in covered
            and len(indexes) < 3
        ):
            following = tokens[indexes[-1] + 1]
            analysis = following.get()
            if following.capitalised != tokens[index].capitalised:
                break
            if following.sentence_start or not following.glued:
                break
            if not (analysis.patronymics or analysis.surnames or analysis.latin):
                break
            indexes.append(indexes[-1] + 1)
        covered.update(indexes)
        if not _is_signature(text, tokens[index].start):
            mention = _build_mention(text, tokens, indexes, "rule")
            if mention:
                mentions.append(mention)
        index = indexes[-1] + 1
    return mentions


def find_mentions(text):
    """Person mentions of a text, in text order.

    Each mention is a dict: ``text`` (as written), ``start``/``end`` (offsets),
    ``normal`` (nominative, «Мария Иванова»), ``first`` / ``middle`` / ``last``
    (nominative parts or None), ``gender`` ("m", "f" or None), ``latin``,
    ``source`` ("ner" or "rule"), ``complaint`` (the clause complains about the
    person: «а вот Дмитрий нагрубил»; such mentions are never suggested) and the
    matching keys ``first_keys`` (with the
    full names of a diminutive), ``middle_keys``, ``last_keys`` (lower case, ё as е).
    The customer's own signature («С уважением, Иван») is not a mention.
    """
    text = (text or "")[:MAX_TEXT_CHARS]
    if not text.strip():
        return []
    tokens = _tokens(text)
    covered = set()
    mentions = _ner_mentions(text, tokens, covered)
    mentions += _rule_mentions(text, tokens, covered)
    mentions.sort(key=lambda mention: mention["start"])
    for mention in mentions:
        mention["complaint"] = _in_complaint(text, mention["start"], mention["end"])
    return mentions

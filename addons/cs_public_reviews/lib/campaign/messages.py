# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The reason line of a member and the evidence summary of a group (ru / en):
plain strings, since Odoo's translation tools do not reach a library."""

import math

# the texts of member_reason / evidence_summary; Russian plural forms per word:
# (1 / 21, 2-4 / 22-24, 5-20 / 25-30)
MESSAGES = {
    "ru": {
        "reason": "Почти тот же текст, что у {others} на {on_platforms} за {days}",
        "head": "Скоординированная кампания: {reviews} с почти одинаковым текстом на "
        "{on_platforms} ({names}) за {days}, с {first} по {last} (UTC).",
        "list": "Отзывы:",
        "row": "- {date} · {platform} · оценка {rating} · сходство {sim:.0%} · № {id}",
        "phrases": "Общие фразы: ",
        "tail": "Сходство группы {score:.0%}; каждая пара связанных отзывов "
        "опубликована в пределах {hours} ч друг от друга.",
        "quote": "«{}»",
        "date": "%d.%m.%Y %H:%M",
    },
    "en": {
        "reason": "Nearly the same text as {others} on {on_platforms} within {days}",
        "head": "Coordinated campaign: {reviews} with nearly the same text on "
        "{on_platforms} ({names}) within {days}, {first} to {last} (UTC).",
        "list": "Reviews:",
        "row": "- {date} · {platform} · rating {rating} · similarity {sim:.0%} · #{id}",
        "phrases": "Shared phrases: ",
        "tail": "Group similarity {score:.0%}; each linked pair was published within "
        "{hours} h of each other.",
        "quote": "“{}”",
        "date": "%Y-%m-%d %H:%M",
    },
}
WORDS = {
    "others": (("отзыва", "отзывов", "отзывов"), "review"),
    "reviews": (("отзыв", "отзыва", "отзывов"), "review"),
    "on_platforms": (("площадке", "площадках", "площадках"), "platform"),
    "days": (("день", "дня", "дней"), "day"),
}


def _count(n, word, lang):
    ru, en = WORDS[word]
    if lang == "en":
        return f"{n} {en}{'s' * (n != 1)}"
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} {ru[0]}"
    few = 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14
    return f"{n} {ru[1] if few else ru[2]}"


def _lang(lang):
    return "ru" if (lang or "ru").startswith("ru") else "en"


def _days(group):
    seconds = (group["last_at"] - group["first_at"]).total_seconds()
    return max(1, math.ceil(seconds / 86400))


def member_reason(group, review, lang="ru"):
    """One line on why ``review`` (a dict with "id", or an id) is in ``group``."""
    lang = _lang(lang)
    review_id = review["id"] if isinstance(review, dict) else review
    others = [m for m in group["members"] if m["id"] != review_id]
    line = MESSAGES[lang]["reason"].format(
        others=_count(len(others), "others", lang),
        on_platforms=_count(len({m["platform"] for m in others}), "on_platforms", lang),
        days=_count(_days(group), "days", lang),
    )
    phrases = group["shared_phrases"]
    return f"{line}: {MESSAGES[lang]['quote'].format(phrases[0])}" if phrases else line


def evidence_summary(group, lang="ru"):
    """Multi-line summary of a group for the platforms' moderators."""
    lang = _lang(lang)
    text = MESSAGES[lang]
    lines = [
        text["head"].format(
            reviews=_count(len(group["members"]), "reviews", lang),
            on_platforms=_count(len(group["platforms"]), "on_platforms", lang),
            names=", ".join(group["platforms"]),
            days=_count(_days(group), "days", lang),
            first=group["first_at"].strftime(text["date"]),
            last=group["last_at"].strftime(text["date"]),
        ),
        text["list"],
    ]
    lines += [
        text["row"].format(
            date=m["published_at"].strftime(text["date"]),
            platform=m["platform"],
            rating=m["rating"],
            sim=m["similarity"],
            id=m.get("ref") or m["id"],
        )
        for m in group["members"]
    ]
    if group["shared_phrases"]:
        quoted = (text["quote"].format(p) for p in group["shared_phrases"])
        lines.append(text["phrases"] + ", ".join(quoted))
    hours = f"{group['window_hours']:g}"  # 72, not 72.0
    lines.append(text["tail"].format(score=group["score"], hours=hours))
    return "\n".join(lines)

# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Feedback rules that need no database: legal review and deadline, the result
channel, escalation steps and the public author of a published thanks.

Plain Python (no ``odoo`` import): the ticket model calls these with its values;
``tests/test_lib_feedback_rules.py`` tests them without a database.
"""

import re
from datetime import timedelta

TOP_ESCALATION_LEVEL = 3  # 0 operator, 1 supervisor, 2 head of service, 3 executive
TOP_PRIORITY = 3  # helpdesk_mgmt's priority goes from "0" (low) to "3" (very high)

# ЗоЗПП art. 22: a refund or replacement claim must be satisfied within 10 days.
LEGAL_DEADLINE_DAYS = {"refund": 10, "replacement": 10}

# Wording that cites consumer-protection law (Russian and English).
LEGAL_PATTERN = re.compile(
    r"защит\w*\s+прав\w*\s+потребител|зозпп|претензи|роспотребнадзор"
    r"|consumer[\s-]+(?:rights|protection)",
    re.IGNORECASE,
)

# How the customer learns the result, by the channel the feedback came through
# (see readme/CONFIGURE.md); "email" needs an address, else a phone call, else a
# letter.
RESULT_CHANNEL_BY_CHANNEL = {
    "email": "email",
    "web": "email",
    "review": "email",
    "phone": "phone",
    "messenger": "messenger",
    "social": "messenger",
    "in_person": "phone",
}


def cites_consumer_law(text):
    """Whether the text cites consumer-protection law."""
    return bool(LEGAL_PATTERN.search(text or ""))


def needs_legal_review(claim_type, text):
    """A refund or replacement claim, or a text citing the law, needs a review."""
    return claim_type in LEGAL_DEADLINE_DAYS or cites_consumer_law(text)


def legal_deadline(claim_type, start):
    """The deadline the law sets for the claim, counted from ``start``; False
    when the law sets none."""
    days = LEGAL_DEADLINE_DAYS.get(claim_type)
    return start + timedelta(days=days) if days else False


def default_result_channel(feedback_channel, has_email, has_phone):
    """The result channel from the feedback channel: e-mail needs an address
    (else phone, else letter); a phone call needs a number (else e-mail, else
    letter)."""
    channel = RESULT_CHANNEL_BY_CHANNEL.get(feedback_channel) or (
        "email" if has_email else "phone"
    )
    if channel == "email" and not has_email:
        channel = "phone"
    if channel == "phone" and not has_phone:
        channel = "email" if has_email else "letter"
    return channel


def escalated_priority(priority):
    """One priority step up from ``priority`` ("0".."3"), at most the top."""
    return str(min(TOP_PRIORITY, int(priority or 0) + 1))


def public_author(name, scope):
    """How a published thanks names its author: the full name, the initials, or
    None (anonymous: the caller says it in the reader's language)."""
    name = (name or "").strip()
    if name and scope == "full_name":
        return name
    if name and scope == "initials":
        parts = name.replace(".", " ").split()
        return " ".join(f"{part[0].upper()}." for part in parts)
    return None

"""Matching debtor-reported contacts with the agency's reported contacts (plain
Python, no ORM).

A contact the debtor describes is matched with a contact the agency reported on
the same handoff, through the same channel, within a tolerance. Each agency
contact matches at most one debtor report: when a debtor describes two calls and
the agency reported one, one of the two stays unreported.
"""


def match(reports, contacts, tolerance):
    """Pair debtor reports with agency contacts, closest moments first.

    ``reports`` and ``contacts``: iterables of ``(id, key, at)`` where ``key`` is
    what must be equal (e.g. ``(handoff id, channel)``) and ``at`` a naive
    datetime; ``tolerance``: a ``timedelta``. Returns ``{report id: contact id}``
    for the matched reports (the others are unreported). Deterministic: ties go
    to the earlier report, then the earlier contact, then the lower ids.
    """
    by_key = {}
    for contact_id, key, at in contacts:
        by_key.setdefault(key, []).append((at, contact_id))
    pairs = []
    for report_id, key, at in reports:
        for contact_at, contact_id in by_key.get(key, ()):
            gap = abs(contact_at - at)
            if gap <= tolerance:
                pairs.append((gap, at, contact_at, report_id, contact_id))
    pairs.sort()
    result, used = {}, set()
    for _gap, _at, _contact_at, report_id, contact_id in pairs:
        if report_id in result or contact_id in used:
            continue
        result[report_id] = contact_id
        used.add(contact_id)
    return result

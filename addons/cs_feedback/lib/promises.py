# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The outcome of a promise told to a customer (plain Python, no ORM)."""


def promise_outcome(promised, closed_at, replaced_at, now):
    """(outcome, slip hours) of a promise (plain Python, no ORM).

    A replaced promise was moved, before or after it fell due; else a closed
    ticket kept it when closed on or before the date; else it is open until the
    date passes, then missed.  The slip is the closing or replacement time minus
    the promised date, in hours (positive: late); none while nothing happened.
    """
    if not promised:
        return "open", False
    end = replaced_at or closed_at
    slip = round((end - promised).total_seconds() / 3600.0, 2) if end else False
    if replaced_at:
        return (
            "moved_before_due" if replaced_at < promised else "moved_after_due"
        ), slip
    if closed_at:
        return ("kept" if closed_at <= promised else "missed"), slip
    return ("missed" if promised < now else "open"), False

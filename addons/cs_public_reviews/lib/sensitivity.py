"""What makes a review sensitive, read from its text and reach. No ORM.

The ORM side (``cs_public_review_sensitivity.py``) turns the signals into the
translated reason stored on the review."""

import re

LEGAL_RE = re.compile(
    r"суд|прокурат|роспотребнадзор|юрист|адвокат|иск\b|court|lawyer|lawsuit|sue\b",
    re.IGNORECASE,
)
PRESS_RE = re.compile(
    r"сми\b|журналист|редакци|телеканал|газет|press|journalist|media",
    re.IGNORECASE,
)


def sensitivity_signals(body, reach, reach_min):
    """The signals of a review, in the order they are reported: a subset of
    ``("reach", "legal", "press")``."""
    signals = []
    if reach and reach >= reach_min:
        signals.append("reach")
    if body and LEGAL_RE.search(body):
        signals.append("legal")
    if body and PRESS_RE.search(body):
        signals.append("press")
    return signals

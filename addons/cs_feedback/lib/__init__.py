# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain-Python rules of cs_feedback (no ORM), unit-tested on their own."""

from . import feedback_rules
from . import promises
from . import praised

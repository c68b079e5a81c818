from . import cs_debt_handoff_recall
from . import cs_debt_handoff_override

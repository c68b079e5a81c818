from . import cs_debt_handoff_recall

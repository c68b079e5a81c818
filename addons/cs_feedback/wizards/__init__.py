from . import cs_promise_change_wizard
from . import cs_praise_decision_wizard

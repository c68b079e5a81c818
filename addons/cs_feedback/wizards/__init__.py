from . import cs_promise_change_wizard
from . import cs_praise_decision_wizard
from . import cs_legal_sign_off_wizard
from . import cs_consent_again_wizard

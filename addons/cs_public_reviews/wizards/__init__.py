from . import cs_review_thanks_wizard
from . import cs_review_reason_wizard

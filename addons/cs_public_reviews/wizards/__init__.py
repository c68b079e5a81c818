from . import cs_review_thanks_wizard

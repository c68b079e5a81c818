from . import cs_review_platform

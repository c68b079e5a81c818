from . import cs_review_platform
from . import cs_review_network
from . import cs_public_review
from . import cs_review_reply
from . import cs_review_reply_template
from . import cs_review_faq

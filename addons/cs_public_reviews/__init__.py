from . import controllers
from . import models
from . import wizards
from .demo.demo_hook import post_init_hook


def uninstall_hook(env):
    """The campaign band index is a plain table (models/cs_public_review_campaign.py),
    which the removal of the models does not drop."""
    env.cr.execute("DROP TABLE IF EXISTS cs_public_review_band")

from . import models
from . import tools


def post_init_hook(env):
    """Load this and next year's production calendar into the calendars that follow
    it (the company's standard calendar, see data/cs_base_data.xml) right away,
    instead of waiting for the monthly scheduled action."""
    env["resource.calendar"]._cron_cs_load_ru_holidays()

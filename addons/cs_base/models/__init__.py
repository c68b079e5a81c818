from . import cs_guarded_mixin
from . import cs_calendar_workday
from . import resource_calendar
from . import resource_calendar_leaves
from . import res_partner
from . import res_config_settings

from . import test_payload
from . import test_concurrency
from . import test_ru_calendar
from . import test_contact_match
from . import test_settings

from . import test_foundation
from . import test_handoff
from . import test_payment_notice
from . import test_api
from . import test_ui
from . import test_trust
from . import test_ru_calendar
from . import test_checks_and_letters

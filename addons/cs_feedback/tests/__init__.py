from . import test_foundation
from . import test_thanks
from . import test_publication
from . import test_complaints
from . import test_submit
from . import test_performance
from . import test_ui
from . import test_trust

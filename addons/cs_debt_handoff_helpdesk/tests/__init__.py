from . import test_complaints
from . import test_operator_access
from . import test_scorecard_complaints
from . import test_reported_contact_operator

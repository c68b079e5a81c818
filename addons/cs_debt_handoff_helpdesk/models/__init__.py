from . import cs_debt_handoff
from . import helpdesk_ticket
from . import cs_debt_reported_contact

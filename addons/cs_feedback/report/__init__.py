from . import helpdesk_ticket_complaint_analysis
from . import cs_feedback_promise_report

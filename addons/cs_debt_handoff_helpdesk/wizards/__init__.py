from . import cs_debt_reported_contact_record

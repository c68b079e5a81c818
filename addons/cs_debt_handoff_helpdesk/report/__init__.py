from . import cs_debt_agency_scorecard

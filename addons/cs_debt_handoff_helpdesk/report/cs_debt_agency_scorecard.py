"""Agency scorecard: the complaints about collectors counted from the helpdesk."""

from odoo import api, models
from odoo.tools import SQL


class CsDebtAgencyScorecard(models.Model):
    _inherit = "cs.debt.agency.scorecard"
    _depends = {
        "helpdesk.ticket": ["cs_debt_agency_id", "cs_debt_upheld", "company_id"],
    }

    @api.model
    def _cs_scorecard_complaints_sql(self):
        return SQL(
            """
        SELECT cs_debt_agency_id AS agency_id, company_id,
               COUNT(*) AS complaint_count,
               COUNT(*) FILTER (WHERE cs_debt_upheld) AS upheld_count
          FROM helpdesk_ticket
         WHERE cs_debt_agency_id IS NOT NULL
         GROUP BY cs_debt_agency_id, company_id
            """
        )

"""The helpdesk part moved to the bridge addon cs_debt_handoff_helpdesk.

Before this version loads, the records it no longer defines (the ticket's fields
and form view extension, the demo complaint) change owner to the bridge, so that
the update does not delete them (nor drop the ticket columns and their data); the
bridge is marked to install when cs_feedback is installed.
"""

BRIDGE = "cs_debt_handoff_helpdesk"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_model_data
           SET module = %s
         WHERE module = 'cs_debt_handoff'
           AND (name LIKE 'field\\_helpdesk\\_ticket\\_\\_%%'
                OR name IN ('helpdesk_ticket_view_form', 'demo_ticket_night_call'))
        """,
        [BRIDGE],
    )
    cr.execute(
        """
        UPDATE ir_module_module
           SET state = 'to install'
         WHERE name = %s AND state = 'uninstalled'
           AND EXISTS (SELECT 1 FROM ir_module_module
                        WHERE name = 'cs_feedback'
                          AND state IN ('installed', 'to upgrade'))
        """,
        [BRIDGE],
    )

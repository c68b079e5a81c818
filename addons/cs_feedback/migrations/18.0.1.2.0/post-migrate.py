"""The ticket form has one channel field: helpdesk_mgmt's ``channel_id``.

From 18.0.1.2.0 ``cs_channel`` follows the channel's code (``cs_code``).  The data
file that gives helpdesk_mgmt's Web, Email and Phone channels their code is
``noupdate`` and those records already exist, so an update does not write them:
this step sets their code once, then gives every ticket that has a feedback
channel but no helpdesk channel the channel of that code (the first one by
sequence of its company, else a shared one).
"""

CODES = {
    "helpdesk_ticket_channel_web": "web",
    "helpdesk_ticket_channel_email": "email",
    "helpdesk_ticket_channel_phone": "phone",
}


def migrate(cr, version):
    if not version:
        return
    for name, code in CODES.items():
        cr.execute(
            """
            UPDATE helpdesk_ticket_channel c
               SET cs_code = %s
              FROM ir_model_data d
             WHERE d.model = 'helpdesk.ticket.channel' AND d.res_id = c.id
               AND d.module = 'helpdesk_mgmt' AND d.name = %s
               AND c.cs_code IS NULL
            """,
            [code, name],
        )
    cr.execute(
        """
        UPDATE helpdesk_ticket t
           SET channel_id = (
                SELECT c.id FROM helpdesk_ticket_channel c
                 WHERE c.cs_code = t.cs_channel AND c.active
                   AND (c.company_id = t.company_id OR c.company_id IS NULL)
                 ORDER BY c.company_id IS NULL, c.sequence, c.id
                 LIMIT 1)
         WHERE t.channel_id IS NULL AND t.cs_channel IS NOT NULL
        """
    )

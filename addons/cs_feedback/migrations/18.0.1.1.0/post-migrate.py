"""Customer letters are written by the company and belong to the administrators.

Before 18.0.1.1.0 the letter templates had no ``email_from`` (the sender was
whoever pressed the button; a user without an e-mail address made the letter fail
with ``mail_from_missing``) and were updated by every module update.  Their data
file is now ``noupdate``: an update no longer writes them, so this step gives the
existing templates the company sender once and marks them noupdate.
"""

LETTERS = (
    "mail_template_complaint_commitment",
    "mail_template_complaint_delay",
    "mail_template_complaint_escalated",
    "mail_template_thanks_decision",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE mail_template t
           SET email_from = '{{ object.cs_letter_from }}'
          FROM ir_model_data d
         WHERE d.model = 'mail.template' AND d.res_id = t.id
           AND d.module = 'cs_feedback' AND d.name IN %s
           AND COALESCE(t.email_from, '') = ''
        """,
        [LETTERS],
    )
    cr.execute(
        """
        UPDATE ir_model_data SET noupdate = TRUE
         WHERE module = 'cs_feedback' AND model = 'mail.template' AND name IN %s
        """,
        [LETTERS],
    )

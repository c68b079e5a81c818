"""Helpdesk ticket: what a new complaint is promised by default (policy and law
date on the team's calendar, the responsible, the result channel).
"""

from datetime import timedelta

from odoo import api, fields, models

from ..lib import feedback_rules
from .helpdesk_ticket import HelpdeskTicket as HelpdeskTicketCore


class HelpdeskTicket(models.Model):
    """The complaint policy: SLA and law dates, responsible and result channel."""

    _inherit = "helpdesk.ticket"

    def _cs_calendar(self):
        self.ensure_one()
        return (
            self.team_id.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    def _cs_sla_deadline(self):
        """The earliest deadline of the team's SLA policies (helpdesk_mgmt_sla).

        OCA's ``sla_deadline`` only counts the ticket's SLA lines *in progress*, and
        a line is "accomplished" at once when its policy names no target stage (the
        stage sequence is compared with 0) or the ticket already sits at that stage:
        such a policy still promises the customer a date.  So the deadline is the
        OCA line's while it runs (it knows the time spent on hold), else it is
        computed here the way OCA does: the policy's days and hours planned on the
        team's working calendar from the ticket's creation.  Policies apply to
        teams with "Use SLA" only, and not while the ticket sits in one of the
        policy's ignored stages.
        """
        self.ensure_one()
        if not self.team_id.use_sla:
            return False
        ticket = self.sudo()
        calendar = ticket._cs_calendar()
        if not calendar:
            return False
        start = ticket.create_date or fields.Datetime.now()
        lines = {line.sla_id: line for line in ticket.ticket_sla_ids}
        deadlines = []
        for sla in ticket._get_sla():
            if ticket.stage_id in sla.ignore_stage_ids:
                continue
            line = lines.get(sla)
            if line and line.state == "in_progress" and line.deadline:
                deadlines.append(line.deadline)
                continue
            hours = sla.hours + calendar.hours_per_day * sla.days
            if hours <= 0:
                continue
            deadline = calendar.plan_hours(hours, start, compute_leaves=True)
            if deadline:
                deadlines.append(deadline)
        return min(deadlines, default=False)

    def _cs_policy_deadline(self):
        """Earliest of the team's complaint policy (SLA on the team's working
        calendar) and the law (ЗоЗПП art. 22); one working day of the team
        calendar when neither applies."""
        self.ensure_one()
        candidates = [d for d in (self._cs_sla_deadline(), self.cs_legal_deadline) if d]
        if candidates:
            return min(candidates)
        calendar = self._cs_calendar()
        start = fields.Datetime.now()
        if calendar:
            return calendar.plan_hours(8.0, start, compute_leaves=True) or start
        return start + timedelta(days=1)

    @api.model
    def _cs_is_real_user(self, user):
        """An active internal user who can answer for a promise (not OdooBot, the
        superuser or a portal user)."""
        return bool(
            user
            and user.active
            and not user.share
            and not user._is_superuser()
            and user != self.env.ref("base.user_root", raise_if_not_found=False)
        )

    def _cs_may_answer(self, user):
        """A real user who belongs to the ticket's team (helpdesk_mgmt: "if the team
        is set, the user must belong to that team"; its "Auto assign user" option
        assigns the creator even outside the team when the team comes in the
        values, not the defaults)."""
        self.ensure_one()
        members = self.team_id.sudo().user_ids
        return self._cs_is_real_user(user) and (not members or user in members)

    def _cs_default_responsible(self):
        """Who answers for a new complaint (see readme/CONFIGURE.md):

        1. the user the complaint was created with (given by the caller, or by
           helpdesk_mgmt's "Auto assign user" company option), if a real user of
           the team;
        2. the internal user creating it, when they are a member of its team (or
           the team has no members);
        3. the team leader;
        4. the first team member.
        Never OdooBot or the superuser (mail gateway, scheduled actions): when none
        fits, nobody is assigned and the ticket says so.
        """
        self.ensure_one()
        if self._cs_may_answer(self.user_id):
            return self.user_id
        team = self.team_id.sudo()
        members = team.user_ids.filtered(self._cs_is_real_user)
        creator = self.env.user
        if self._cs_is_real_user(creator) and (
            creator in team.user_ids or not team.user_ids
        ):
            return creator
        if self._cs_is_real_user(team.user_id):
            return team.user_id
        return members[:1]

    def _cs_default_result_channel(self):
        """The result channel from the feedback channel
        (:func:`~odoo.addons.cs_feedback.lib.feedback_rules.default_result_channel`):
        e-mail needs an address (else phone, else letter); a phone call needs a
        number (else letter)."""
        self.ensure_one()
        partner = self.partner_id
        return feedback_rules.default_result_channel(
            self.cs_channel,
            has_email=bool(partner.email or self.partner_email),
            has_phone=bool(partner.phone or partner.mobile),
        )

    def _cs_fill_commitment(self):
        """Give each complaint what it promises the customer, where the creator did
        not: the policy date, the responsible and the result channel.  Runs right
        after creation (our own code, before anything was told to the customer):
        written in sudo, past the 'Change Promise' rule."""
        for ticket in self:
            if not ticket._cs_may_answer(ticket.user_id):
                responsible = ticket._cs_default_responsible()
                if responsible or ticket.user_id:
                    # first: a ticket without a team gets the responsible's team
                    # (helpdesk_mgmt), whose policy then dates the promise
                    super(HelpdeskTicketCore, ticket.sudo()).write(
                        {"user_id": responsible.id}
                    )
            vals = {}
            if not ticket.cs_promised_date:
                vals["cs_promised_date"] = ticket._cs_policy_deadline()
            if not ticket.cs_result_channel:
                vals["cs_result_channel"] = ticket._cs_default_result_channel()
            if vals:
                super(HelpdeskTicketCore, ticket.sudo()).write(vals)
            if not ticket.user_id:
                ticket.sudo().message_post(
                    body=self.env._(
                        "Nobody could be made responsible for this complaint: the "
                        "team has no leader or members. Set the Assigned user (and "
                        "a Team Leader in the team's settings) so the customer can "
                        "be told who answers."
                    ),
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )
        return True

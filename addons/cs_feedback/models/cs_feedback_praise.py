from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.cs_base.tools import payload as P

MAX_NOTE_LENGTH = 2000

# lines whose employee and thanks may still change (not decided yet)
UNDECIDED_STATES = ("proposed", "to_review")

DECISION_FIELDS = {
    "state",
    "reward_points",
    "badge_id",
    "manager_credited",
    "decision_note",
    "decided_by",
    "decided_on",
    "manager_id",
}

DECLINE_PAYLOAD = P.Payload(
    P.obj({"note": P.optional(P.text(MAX_NOTE_LENGTH, required=False))})
)


def _reward_payload(max_points):
    return P.Payload(
        P.obj(
            {
                "points": P.integer(0, max_points),
                "badge_id": P.optional(P.integer(1)),
                "credit_manager": P.boolean(),
                "note": P.optional(P.text(MAX_NOTE_LENGTH, required=False)),
                "confirm_self_credit": P.boolean(),
            }
        )
    )


class CsFeedbackPraise(models.Model):
    """One praised employee on a thanks.

    It keeps the employee's manager *at that moment* (managers of praised staff may
    deserve credit too) and the supervisor's decision: reward (points in the ledger
    and/or a badge), credit the manager, or decline — with a note, tracked.
    """

    _name = "cs.feedback.praise"
    _description = "Praise of an Employee"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.guarded.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "employee_id"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("cs_kind", "=", "thanks")],
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee", required=True, index=True, tracking=True
    )
    manager_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Manager (at praise time)",
        compute="_compute_manager_id",
        store=True,
        readonly=False,
    )
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    team_id = fields.Many2one(related="ticket_id.team_id", store=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    state = fields.Selection(
        selection=[
            # found in the customer's words, awaiting the operator's confirmation
            # (models/cs_feedback_praise_proposed.py); not a reward candidate yet
            ("proposed", "Proposed"),
            ("to_review", "To Review"),
            ("rewarded", "Rewarded"),
            ("declined", "Declined"),
        ],
        default="to_review",
        required=True,
        tracking=True,
        index=True,
    )
    reward_points = fields.Integer(tracking=True, copy=False)
    badge_id = fields.Many2one(
        comodel_name="gamification.badge", tracking=True, copy=False
    )
    manager_credited = fields.Boolean(tracking=True, copy=False)
    decision_note = fields.Text(tracking=True, copy=False)
    decided_by = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)
    reward_ids = fields.One2many(
        comodel_name="cs.feedback.reward", inverse_name="praise_id", string="Ledger"
    )

    _sql_constraints = [
        (
            "ticket_employee_uniq",
            "unique(ticket_id, employee_id)",
            "An employee is praised once per thanks.",
        ),
        ("points_positive", "CHECK(reward_points >= 0)", "Points cannot be negative."),
    ]

    @api.depends("employee_id")
    def _compute_manager_id(self):
        # only on creation/change of the employee: later reorganisations do not
        # rewrite who managed the employee when the praise was given
        for praise in self:
            praise.manager_id = praise.employee_id.sudo().parent_id

    @api.constrains("ticket_id")
    def _check_ticket_is_thanks(self):
        for praise in self:
            if praise.ticket_id.cs_kind != "thanks":
                raise ValidationError(
                    self.env._(
                        "Employees are praised on thanks only; %(ticket)s is a "
                        "%(kind)s.",
                        ticket=praise.ticket_id.display_name,
                        kind=praise.ticket_id.cs_kind,
                    )
                )

    @api.model
    def _cs_guarded_fields(self):
        # the decision is made by action_reward/action_decline (supervisors) only;
        # the manager at praise time is computed from the employee
        return super()._cs_guarded_fields() | DECISION_FIELDS

    def write(self, vals):
        if not self.env.su and {"ticket_id", "employee_id"} & vals.keys():
            decided = self.filtered(lambda p: p.state not in UNDECIDED_STATES)
            if decided:
                raise AccessError(
                    self.env._(
                        "A decided praise keeps its employee and its thanks: "
                        "%(names)s.",
                        names=", ".join(decided.mapped("employee_id.name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------ actions

    def _lock_tickets(self):
        """Serialize decisions on the same thanks.

        Touching the ticket row makes a concurrent decision on another praise of the
        same ticket wait, then fail with a serialization error that Odoo retries: the
        retry sees both decisions, so the "all decided" notice is not skipped by both.
        """
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET write_date = now() WHERE id IN %s",
                tuple(self.ticket_id.ids) or (0,),
            )
        )

    def _check_supervisor(self):
        if not self.env.user.has_group("cs_feedback.group_cs_supervisor"):
            raise AccessError(
                self.env._("Only a customer-service supervisor decides rewards.")
            )
        self.check_access("write")
        proposed = self.filtered(lambda p: p.state == "proposed")
        if proposed:
            raise UserError(
                self.env._(
                    "Confirm the proposed praise first: %(names)s.",
                    names=", ".join(proposed.mapped("employee_id.name")),
                )
            )
        decided = self.filtered(lambda p: p.state != "to_review")
        if decided:
            raise UserError(
                self.env._(
                    "Already decided: %(names)s.",
                    names=", ".join(decided.mapped("employee_id.name")),
                )
            )

    @api.model
    def _cs_max_reward_points(self):
        """The largest reward at once (Settings: the company's
        ``cs_max_reward_points``); the smallest of the praises' companies."""
        companies = self.sudo().company_id or self.env.company
        value = min(companies.mapped("cs_max_reward_points"))
        return max(0, min(value, P.INT32_MAX))

    def action_reward(
        self,
        points=0,
        badge_id=False,
        credit_manager=False,
        note="",
        confirm_self_credit=False,
    ):
        """Reward: points in the ledger and/or a badge to the employee's user;
        optionally credit the manager.  Supervisors only; a supervisor who is
        the praised employee or the credited manager confirms it explicitly
        (``confirm_self_credit``)."""
        self._check_supervisor()
        _reward_payload(self._cs_max_reward_points()).validate(
            self.env,
            {
                "points": points,
                "badge_id": badge_id,
                "credit_manager": credit_manager,
                "note": note,
                "confirm_self_credit": confirm_self_credit,
            },
        )
        if not confirm_self_credit and self._cs_credits_user(
            self.env.user, credit_manager
        ):
            raise UserError(
                self.env._(
                    "You are rewarding yourself (as the praised employee or as "
                    "the credited manager): tick 'I confirm crediting myself' to "
                    "go on, or let another supervisor decide."
                )
            )
        self._lock_tickets()
        badge = self.env["gamification.badge"].browse(badge_id or [])
        if badge_id and not badge.exists():
            raise ValidationError(
                self.env._("badge_id: no badge with id %(value)r", value=badge_id)
            )
        if not points and not badge and not credit_manager:
            raise ValidationError(
                self.env._(
                    "A reward needs points, a badge or a credit to the manager; "
                    "to give none, choose 'No reward'."
                )
            )
        now = fields.Datetime.now()
        ledger = []
        for praise in self:
            praise.sudo().write(
                {
                    "state": "rewarded",
                    "reward_points": points,
                    "badge_id": badge.id,
                    "manager_credited": bool(credit_manager and praise.manager_id),
                    "decision_note": note or False,
                    "decided_by": self.env.user.id,
                    "decided_on": now,
                }
            )
            if points:
                ledger.append(praise._prepare_reward_vals("reward", points, note))
            if credit_manager and praise.manager_id:
                ledger.append(
                    praise._prepare_reward_vals("manager_credit", points, note)
                )
            if badge:
                praise._grant_badge(badge, note)
        if ledger:
            self.env["cs.feedback.reward"].sudo().create(ledger)
        self.ticket_id.partner_id._cs_mark_potential_advocate()
        self.ticket_id._cs_notify_decision_once()
        return True

    def action_decline(self, note=""):
        self._check_supervisor()
        DECLINE_PAYLOAD.validate(self.env, {"note": note})
        self._lock_tickets()
        self.sudo().write(
            {
                "state": "declined",
                "decision_note": note or False,
                "decided_by": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        self.ticket_id._cs_notify_decision_once()
        return True

    def action_open_decision_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide"),
            "res_model": "cs.praise.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_praise_ids": self.ids},
        }

    # --------------------------------------------------------- business methods

    def _prepare_reward_vals(self, kind, points, note):
        self.ensure_one()
        employee = self.employee_id if kind == "reward" else self.manager_id
        return {
            "employee_id": employee.id,
            "kind": kind,
            "points": points,
            "praise_id": self.id,
            "note": note or self.ticket_id.display_name,
            "company_id": self.company_id.id or self.env.company.id,
        }

    def _cs_credits_user(self, user, credit_manager):
        """Whether this decision credits ``user`` (as employee or manager)."""
        for praise in self.sudo():
            if praise.employee_id.user_id == user:
                return True
            if credit_manager and praise.manager_id.user_id == user:
                return True
        return False

    def _grant_badge(self, badge, note):
        """Grant the badge to the employee's user; an employee without a user
        keeps the points and the note, and the chatter says the badge waits
        for a user."""
        self.ensure_one()
        user = self.employee_id.sudo().user_id
        if not user:
            body = self.env._(
                "%(employee)s has no user to receive the badge %(badge)s: the "
                "points and the note are recorded; give the employee a user and "
                "grant the badge then.",
                employee=self.employee_id.name,
                badge=badge.name,
            )
            self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
            self.ticket_id.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
            return False
        badge.check_granting()
        badge_user = (
            self.env["gamification.badge.user"]
            .sudo()
            .create(
                {
                    "user_id": user.id,
                    "badge_id": badge.id,
                    "sender_id": self.env.user.id,
                    "comment": note or self.ticket_id.name,
                }
            )
        )
        badge_user._send_badge()
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Praise of the employee recorded")

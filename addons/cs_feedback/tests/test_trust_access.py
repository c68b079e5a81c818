"""Trust: the generic access table (each guarded field, each role, each route).

The RPC-specific routes (context keys sent by a client, subtype ids over XML-RPC,
races, property tests) are in ``tests/test_trust_feedback.py``.
"""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .common import CsFeedbackCommon

NOW = fields.Datetime.now

# (field, a forged value) of every guarded ticket field
TICKET_GUARDED = [
    ("cs_escalation_level", lambda self: 3),
    ("cs_legal_signed_by", lambda self: self.legal.id),
    ("cs_legal_signed_at", lambda self: NOW()),
    ("cs_is_published", lambda self: True),
    ("cs_published_date", lambda self: NOW()),
    ("cs_decision_notified_at", lambda self: NOW()),
    ("cs_commitment_sent_at", lambda self: NOW()),
    ("cs_promise_reminded_at", lambda self: NOW()),
    ("cs_promise_missed_at", lambda self: NOW()),
    ("cs_publish_consent_date", lambda self: NOW() - timedelta(days=30)),
    ("cs_publish_consent_partner_id", lambda self: self.other_partner.id),
    ("cs_publish_consent_channel", lambda self: "in_person"),
]

PRAISE_GUARDED = [
    ("state", lambda self: "rewarded"),
    ("reward_points", lambda self: 5000),
    ("badge_id", lambda self: self.env.ref("cs_feedback.badge_customer_praise").id),
    ("manager_credited", lambda self: True),
    ("decision_note", lambda self: "forged"),
    ("decided_by", lambda self: self.supervisor.id),
    ("decided_on", lambda self: NOW()),
    ("manager_id", lambda self: self.other_manager.id),
]

CANNED_GUARDED = [
    ("state", lambda self: "approved"),
    ("approved_by", lambda self: self.supervisor.id),
    ("approved_on", lambda self: NOW()),
    ("use_count", lambda self: 99),
]

# context keys a client may send: none of them switches a check off
CONTEXT_KEYS = [
    {},
    {"cs_system_write": True},
    {"cs_system_notice": True},
    {"cs_promise_change_reason": "forged", "cs_promise_change_notify": True},
]


class TestTrustAccessTable(CsFeedbackCommon):
    """Generic access table: each guarded field, each role, each route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_partner = cls.env["res.partner"].create({"name": "Someone else"})
        cls.roles = {
            "cs_operator": cls.operator,
            "cs_supervisor": cls.supervisor,
            "cs_legal": cls.legal,
        }

    def _assert_write_refused(self, record, fname, value, user, context):
        before = record[fname]
        with self.assertRaises(AccessError, msg=f"{fname} write {user.login}"):
            record.with_user(user).with_context(**context).write({fname: value})
        record.invalidate_recordset()
        self.assertEqual(record[fname], before, fname)

    def test_ticket_guarded_fields_write_and_create(self):
        thanks = self._thanks(self.emp_anna)
        for fname, forge in TICKET_GUARDED:
            for login, user in self.roles.items():
                for context in CONTEXT_KEYS:
                    with self.subTest(field=fname, role=login, context=context):
                        self._assert_write_refused(
                            thanks, fname, forge(self), user, context
                        )
                with (
                    self.subTest(field=fname, role=login, route="create"),
                    self.assertRaises(AccessError),
                ):
                    self._thanks(
                        self.emp_anna,
                        user=user,
                        **{fname: forge(self)},
                    )

    def test_ticket_guarded_default_context_dropped(self):
        for fname, forge in TICKET_GUARDED:
            with self.subTest(field=fname):
                ticket = (
                    self.env["helpdesk.ticket"]
                    .with_user(self.operator)
                    .with_context(**{f"default_{fname}": forge(self)})
                    .create(
                        {
                            "name": "ctx",
                            "description": "<p>x</p>",
                            "partner_id": self.customer.id,
                            "cs_kind": "question",
                        }
                    )
                )
                self.assertFalse(ticket[fname], fname)

    def test_praise_decision_fields(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids
        for fname, forge in PRAISE_GUARDED:
            for login, user in self.roles.items():
                for context in CONTEXT_KEYS:
                    with self.subTest(field=fname, role=login, context=context):
                        self._assert_write_refused(
                            praise, fname, forge(self), user, context
                        )
                ticket = self._thanks(self.emp_dmitry)
                with (
                    self.subTest(field=fname, role=login, route="create"),
                    self.assertRaises(AccessError),
                ):
                    self.env["cs.feedback.praise"].with_user(user).create(
                        {
                            "ticket_id": ticket.id,
                            "employee_id": self.emp_igor.id,
                            fname: forge(self),
                        }
                    )
        self.assertEqual(praise.state, "to_review")

    def test_praise_actions_per_role(self):
        for login, user in self.roles.items():
            for action, kwargs in (
                ("action_reward", {"points": 3}),
                ("action_decline", {}),
            ):
                praise = self._thanks(self.emp_anna).cs_praise_ids
                with self.subTest(role=login, action=action):
                    call = getattr(praise.with_user(user), action)
                    if login == "cs_supervisor":
                        self.assertIs(call(**kwargs), True)
                        self.assertNotEqual(praise.state, "to_review")
                        self.assertEqual(praise.decided_by, user)
                    else:
                        with self.assertRaises(AccessError):
                            call(**kwargs)
                        self.assertEqual(praise.state, "to_review")

    def test_canned_answer_approval(self):
        Answer = self.env["cs.feedback.canned.answer"]
        answer = Answer.with_user(self.operator).create(
            {"name": "Q?", "body": "<p>A</p>", "team_id": self.team.id}
        )
        for fname, forge in CANNED_GUARDED:
            for login, user in self.roles.items():
                for context in CONTEXT_KEYS:
                    with self.subTest(field=fname, role=login, context=context):
                        self._assert_write_refused(
                            answer, fname, forge(self), user, context
                        )
                with (
                    self.subTest(field=fname, role=login, route="create"),
                    self.assertRaises(AccessError),
                ):
                    Answer.with_user(user).create(
                        {"name": f"Q {fname}", "body": "<p>A</p>", fname: forge(self)}
                    )
        for login, user in self.roles.items():
            with self.subTest(role=login, route="action"):
                if login == "cs_supervisor":
                    answer.with_user(user).action_approve()
                    self.assertEqual(answer.state, "approved")
                    self.assertEqual(answer.approved_by, user)
                else:
                    for action in ("action_approve", "action_retire", "action_draft"):
                        with self.assertRaises(AccessError):
                            getattr(answer.with_user(user), action)()
        # the approved wording changes by a supervisor only
        with self.assertRaises(AccessError):
            answer.with_user(self.operator).write({"body": "<p>Other</p>"})

    def test_ticket_actions_per_role(self):
        allowed = {
            "action_cs_legal_sign_off": {"cs_legal"},
            "action_cs_legal_not_needed": {"cs_legal"},
            "action_cs_publish": {"cs_supervisor"},
            "action_cs_unpublish": {"cs_supervisor"},
        }
        for action, roles in allowed.items():
            for login, user in self.roles.items():
                if action.startswith("action_cs_legal"):
                    ticket = self._complaint(description="<p>претензия</p>")
                else:
                    ticket = self._thanks(
                        self.emp_anna, cs_publish_consent=True, cs_publish_text="T"
                    )
                    if action == "action_cs_unpublish":
                        ticket.with_user(self.supervisor).action_cs_publish()
                with self.subTest(action=action, role=login):
                    call = getattr(ticket.with_user(user), action)
                    if login in roles:
                        self.assertIs(call(), True)
                    else:
                        with self.assertRaises(AccessError):
                            call()

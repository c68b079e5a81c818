from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class CsDebtCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.today()
        cls.debt_user = new_test_user(
            cls.env, login="t_debt_user", groups="cs_debt_handoff.group_debt_user"
        )
        cls.debt_manager = new_test_user(
            cls.env, login="t_debt_manager", groups="cs_debt_handoff.group_debt_manager"
        )
        cls.agency = cls.env["res.partner"].create(
            {
                "name": "ООО «Тест-Взыскание»",
                "is_company": True,
                "cs_is_collection_agency": True,
                "cs_agency_registry_number": "77/00/01-КЛ",
                "email": "agency@test.example",
            }
        )
        cls.other_agency = cls.env["res.partner"].create(
            {
                "name": "АО «Другое агентство»",
                "is_company": True,
                "cs_is_collection_agency": True,
                "cs_agency_registry_number": "78/00/02-КЛ",
                "email": "other@test.example",
            }
        )
        cls.contract = cls.env["cs.debt.contract"].create(
            {
                "name": "АД-1",
                "agency_id": cls.agency.id,
                "kind": "agency",
                "commission_percent": 20.0,
                "date_start": cls.today - timedelta(days=365),
                "state": "active",
            }
        )
        cls.contract_sold = cls.env["cs.debt.contract"].create(
            {
                "name": "ДЦ-1",
                "agency_id": cls.other_agency.id,
                "kind": "assignment",
                "price_percent": 5.0,
                "date_start": cls.today - timedelta(days=365),
                "state": "active",
            }
        )
        cls.agency_user = new_test_user(
            cls.env,
            login="t_agency_api",
            groups="cs_debt_handoff.group_collection_agency",
        )
        cls.agency_user.partner_id.parent_id = cls.agency
        cls.other_agency_user = new_test_user(
            cls.env,
            login="t_other_agency_api",
            groups="cs_debt_handoff.group_collection_agency",
        )
        cls.other_agency_user.partner_id.parent_id = cls.other_agency
        cls.debtor = cls._make_debtor("Иванов Иван Иванович")

    @classmethod
    def _make_debtor(cls, name, tz="Europe/Moscow"):
        return cls.env["res.partner"].create({"name": name, "tz": tz})

    @classmethod
    def _make_invoice(cls, partner, amount=1000.0, days_overdue=30):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": cls.today - timedelta(days=days_overdue + 30),
                "invoice_date_due": cls.today - timedelta(days=days_overdue),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Интернет, тариф «Домашний»",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _make_handoff(cls, partner=None, contract=None, amount=1000.0, **vals):
        partner = partner or cls.debtor
        invoice = cls._make_invoice(partner, amount)
        values = {
            "partner_id": partner.id,
            "contract_id": (contract or cls.contract).id,
            "invoice_ids": [Command.set(invoice.ids)],
            "reminder_date": invoice.invoice_date_due - timedelta(days=15),
            "alternative_offered": True,
            "alternative_date": cls.today - timedelta(days=20),
        }
        values.update(vals)
        return cls.env["cs.debt.handoff"].create(values)

    @classmethod
    def _pay(cls, partner, amount, invoices=None, date=None):
        """Post an inbound customer payment (reconciled with ``invoices`` if given)."""
        if invoices:
            wizard = (
                cls.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoices.ids)
                .create({"amount": amount, "payment_date": date or cls.today})
            )
            return wizard._create_payments()
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": date or cls.today,
            }
        )
        payment.action_post()
        return payment

    @classmethod
    def _company_b_handoff(cls, company, contract, debtor, amount, currency=None):
        """A second company (named ``company``) with a contract (``contract``) of
        the agency and a handoff of ``amount`` to a new debtor (``debtor``),
        handed over today; returns (company, handoff)."""
        vals = {"name": company}
        if currency:
            vals["currency_id"] = currency.id
        company_b = cls.env["res.company"].create(vals)
        contract_b = (
            cls.env["cs.debt.contract"]
            .with_company(company_b)
            .create(
                {
                    "name": contract,
                    "agency_id": cls.agency.id,
                    "company_id": company_b.id,
                    "date_start": cls.today - timedelta(days=10),
                    "state": "active",
                }
            )
        )
        handoff_b = (
            cls.env["cs.debt.handoff"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": cls._make_debtor(debtor).id,
                    "contract_id": contract_b.id,
                    "company_id": company_b.id,
                    "amount_handed": amount,
                }
            )
        )
        handoff_b.sudo().write({"state": "handed_over", "handoff_date": cls.today})
        return company_b, handoff_b


class CsContactReportCommon(CsDebtCommon):
    """A handed-over handoff and contact rows for it (contact-report tests of
    cs_debt_handoff and of its helpdesk bridge)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.at = fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=3))

    def _rows(self, key):
        return [
            {
                "ref": self.handoff.name,
                "agency_contact_id": key,
                "channel": "call",
                "at": self.at,
            }
        ]

    def _count(self):
        return self.env["cs.debt.contact"].search_count([])

from odoo.tests import TransactionCase, new_test_user

# Addresses the bundled DB-IP City Lite database places in these cities
IP_MOSCOW = "77.88.55.88"
IP_NOVOSIBIRSK = "212.164.0.1"


class CsReviewsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # stored explanations are written in the company's language (Russian in the
        # demo); the assertions read the English source texts
        # (TestStoredTextsLanguage checks the Russian ones)
        cls.env.company.partner_id.lang = "en_US"
        cls.importer = new_test_user(
            cls.env,
            login="t_review_import",
            groups="cs_public_reviews.group_review_import",
        )
        cls.responder = new_test_user(
            cls.env,
            login="t_review_responder",
            groups="cs_public_reviews.group_review_responder",
        )
        cls.manager = new_test_user(
            cls.env,
            login="t_review_manager",
            groups="cs_public_reviews.group_review_manager",
        )
        cls.pr = new_test_user(
            cls.env,
            login="t_review_pr",
            groups="cs_public_reviews.group_review_pr",
        )
        cls.platform = cls.env["cs.review.platform"].create(
            {
                "name": "Test Maps",
                "code": "test_maps",
                "kind": "maps",
                "reply_deadline_hours": 24,
                "user_id": cls.responder.id,
            }
        )
        cls.Review = cls.env["cs.public.review"]

    @classmethod
    def _review(cls, **vals):
        values = {
            "platform_id": cls.platform.id,
            "external_id": f"r-{id(vals)}",
            "rating": 1,
            "body": "Интернет не работает третий день",
            "published_at": "2026-03-02 10:00:00",
        }
        values.update(vals)
        return cls.Review.create(values)

from odoo.tests import TransactionCase, new_test_user


class CsReviewsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
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
        cls.platform = cls.env["cs.review.platform"].create(
            {
                "name": "Test Maps",
                "code": "test_maps",
                "kind": "maps",
                "reply_deadline_hours": 24,
            }
        )

# ruff: noqa: E501
"""Fast unit tests of lib/campaign (plain Python, no database): the normaliser,
the signatures, the pair decision on the labelled pairs of campaign_cases.py and
the groups of find_campaigns."""

import logging
import threading
import unittest
from datetime import datetime, timedelta
from unittest.mock import patch

import numpy as np

from ..lib import campaign as C
from ..lib.campaign import groups as G
from ..lib.campaign import text as T
from .campaign_cases import FAKE_A, FAKE_B, FAKE_C, PAIRS, UNRELATED, split

_logger = logging.getLogger(__name__)

T0 = datetime(2026, 3, 2, 9, 0)


def review(id_, platform, hours, text, rating=1, **extra):
    return dict(
        id=id_,
        platform=platform,
        published_at=T0 + timedelta(hours=hours),
        text=text,
        rating=rating,
        **extra,
    )


def pair_decision(a, b):
    return C.text_similarity(a, b) is not None


def precision_recall(pairs, decide=pair_decision):
    tp = fp = fn = 0
    for a, b, label, _note in pairs:
        said = decide(a, b)
        tp += said and label
        fp += said and not label
        fn += label and not said
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


class TestNormalise(unittest.TestCase):
    def test_lemmas_stopwords_numbers_yo(self):
        lemmas = [
            t[0] for t in C.tokens("Ждала 2 недели, и всё ещё ЖДЁМ ответа от них!")
        ]
        self.assertEqual(lemmas, ["ждать", "неделя", "ждать", "ответ"])

    def test_negation_glued_and_offsets(self):
        text = "Менеджер не перезвонил"
        toks = C.tokens(text)
        self.assertEqual([t[0] for t in toks], ["менеджер", "не_перезвонить"])
        self.assertEqual(text[toks[1][1] : toks[1][2]], "не перезвонил")

    def test_morph_singleton_thread_safe(self):
        T._morph = None
        seen = []
        threads = [
            threading.Thread(target=lambda: seen.append(C.get_morph()))
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(len({id(m) for m in seen}), 1)

    def test_signature_roundtrip(self):
        sig = C.signature(FAKE_A)
        values, lemmas = C.parse_signature(sig)
        self.assertEqual(len(values), C.NUM_PERM)
        self.assertEqual(lemmas, [t[0] for t in C.tokens(FAKE_A)])
        self.assertEqual(sig, C.signature(FAKE_A))  # deterministic across calls
        self.assertIsNone(C.parse_signature("c0|AAAA|x y"))  # outdated: recomputed


class TestPairs(unittest.TestCase):
    def test_inflection_order_synonym_paraphrases_match(self):
        for a, b in [
            # word order changed
            (
                "Персонал хамит, в зале грязно, цены завышены. Больше сюда ни ногой.",
                "В зале грязно, персонал хамит, цены завышенные. Больше ни ногой сюда.",
            ),
            # synonyms of 1-2 words + other case endings
            (
                "Сантехник из управляющей компании пришёл пьяным, сломал кран и ушёл, не убрав за собой.",
                "Сантехник от управляющей компании явился пьяный, сломал смеситель и ушёл, не убрав за собой.",
            ),
            # gender / case / number
            (
                "Аптека продала просроченное лекарство, фармацевт отказался принять обратно и вызвал охрану.",
                "В аптеке продали просроченные лекарства, а фармацевты отказались принимать их назад и вызвали охрану.",
            ),
            (FAKE_A, FAKE_C),
        ]:
            with self.subTest(a=a[:30]):
                self.assertIsNotNone(C.text_similarity(a, b))

    def test_same_topic_different_words_do_not_match(self):
        slow_1 = (
            "Доставка очень медленная: посылка шла почти месяц, отслеживание не "
            "обновлялось, в поддержке отвечают шаблонами."
        )
        slow_2 = (
            "Курьер опоздал на три часа и даже не извинился, заказ пришлось ждать весь вечер, "
            "доставка медленная."
        )
        self.assertIsNone(C.text_similarity(slow_1, slow_2))
        self.assertIsNone(C.text_similarity(FAKE_A, slow_1))

    def test_short_texts_never_match(self):
        self.assertIsNone(
            C.text_similarity("Всё отлично, рекомендую!", "Всё отлично, рекомендую!")
        )

    def test_labelled_cases_precision_recall(self):
        self.assertGreaterEqual(len(PAIRS), 40)
        for name, pairs in (
            ("all", PAIRS),
            ("dev", split("dev")),
            ("holdout", split("holdout")),
        ):
            precision, recall = precision_recall(pairs)
            _logger.info(
                "campaign pairs %s: %s pairs, precision %.2f, recall %.2f",
                name,
                len(pairs),
                precision,
                recall,
            )
            self.assertGreaterEqual(precision, 0.9, name)
            self.assertGreaterEqual(recall, 0.8, name)

    def test_labelled_cases_through_lsh(self):
        """The same decision through find_campaigns (LSH candidates, dates, ratings)."""

        def decide(a, b):
            groups = C.find_campaigns(
                [review(1, "x", 0, a)], [review(2, "y", 5, b)], min_members=2
            )
            return bool(groups)

        precision, recall = precision_recall(PAIRS, decide)
        _logger.info(
            "campaign pairs through find_campaigns: precision %.2f, recall %.2f",
            precision,
            recall,
        )
        self.assertGreaterEqual(precision, 0.9)
        self.assertGreaterEqual(recall, 0.8)


class TestFindCampaigns(unittest.TestCase):
    def test_issue_three_paraphrases_two_platforms_two_days(self):
        batch = [
            review(1, "yandex", 0, FAKE_A),
            review(2, "2gis", 20, FAKE_B),
            review(3, "yandex", 44, FAKE_C),
            review(4, "2gis", 10, UNRELATED),
        ]
        window = [review(90, "otzovik", -24 * 365, FAKE_A)]  # a year before
        groups = C.find_campaigns(batch, window)
        self.assertEqual(len(groups), 1)
        group = groups[0]
        self.assertEqual(group["member_ids"], [1, 2, 3])
        self.assertIsNone(group["campaign_id"])
        self.assertEqual(group["platforms"], ["2gis", "yandex"])
        self.assertEqual(
            (group["first_at"], group["last_at"]), (T0, T0 + timedelta(hours=44))
        )
        self.assertTrue(0 < group["score"] <= 1)
        self.assertTrue(group["shared_phrases"])
        reason = C.member_reason(group, batch[0])
        self.assertTrue(
            reason.startswith(
                "Почти тот же текст, что у 2 отзывов на 2 площадках за 2 дня: «"
            ),
            reason,
        )
        self.assertIn(
            "Nearly the same text as 2 reviews on 2 platforms within 2 days",
            C.member_reason(group, batch[0], lang="en"),
        )
        summary = C.evidence_summary(group, "ru")
        self.assertIn("3 отзыва", summary)
        self.assertEqual(summary.count("\n- "), 3)
        self.assertIn("Общие фразы:", summary)
        self.assertIn("Shared phrases:", C.evidence_summary(group, "en"))

    def test_one_platform_only_not_reported(self):
        batch = [
            review(1, "yandex", 0, FAKE_A),
            review(2, "yandex", 5, FAKE_B),
            review(3, "yandex", 9, FAKE_C),
        ]
        self.assertEqual(C.find_campaigns(batch, []), [])
        self.assertEqual(len(C.find_campaigns(batch, [], min_platforms=1)), 1)

    def test_min_members(self):
        batch = [review(1, "yandex", 0, FAKE_A), review(2, "2gis", 5, FAKE_B)]
        self.assertEqual(C.find_campaigns(batch, []), [])

    def test_incremental_join_existing_campaign(self):
        stored = [
            review(
                11, "yandex", 0, FAKE_A, campaign_id=7, signature=C.signature(FAKE_A)
            ),
            review(12, "2gis", 6, FAKE_B, campaign_id=7, signature=C.signature(FAKE_B)),
            review(
                13, "yandex", 9, FAKE_C, campaign_id=7, signature=C.signature(FAKE_C)
            ),
        ]
        later = [review(21, "otzovik", 50, FAKE_B.replace("хамил", "нахамил"))]
        groups = C.find_campaigns(later, stored)
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["campaign_id"], 7)
        self.assertEqual(groups[0]["new_member_ids"], [21])
        self.assertEqual(groups[0]["member_ids"], [11, 12, 13, 21])
        # a lone later review joins even though it alone meets no threshold
        groups = C.find_campaigns(later, stored[1:2])
        self.assertEqual([g["campaign_id"] for g in groups], [7])
        # re-imported members of the campaign: nothing new to report
        again = [dict(stored[0], signature=None)]
        self.assertEqual(C.find_campaigns(again, stored[1:]), [])

    def test_two_campaigns_bridged_are_merged(self):
        stored = [
            review(11, "yandex", 0, FAKE_A, campaign_id=7),
            review(12, "2gis", 2, FAKE_B, campaign_id=8),
            review(13, "2gis", 3, FAKE_B, campaign_id=8),
        ]
        groups = C.find_campaigns([review(21, "otzovik", 4, FAKE_C)], stored)
        self.assertEqual(
            (groups[0]["campaign_id"], groups[0]["merged_campaign_ids"]), (8, [7])
        )

    def test_time_rule_each_link_within_window(self):
        """Links need ≤ window_hours between their two reviews; a group may chain
        links (A-B 60 h, B-C 60 h: one group over 120 h)."""
        batch = [
            review(1, "yandex", 0, FAKE_A),
            review(2, "2gis", 60, FAKE_A),
            review(3, "otzovik", 120, FAKE_A),
        ]
        groups = C.find_campaigns(batch, [])
        self.assertEqual(groups[0]["member_ids"], [1, 2, 3])
        self.assertEqual(C.find_campaigns(batch, [], window_hours=48), [])

    def test_opposite_ratings_not_linked(self):
        batch = [
            review(1, "yandex", 0, FAKE_A, 1),
            review(2, "2gis", 5, FAKE_B, 5),
            review(3, "otzovik", 9, FAKE_C, 1),
        ]
        self.assertEqual(C.find_campaigns(batch, []), [])
        self.assertEqual(len(C.find_campaigns(batch, [], max_rating_gap=None)), 1)

    def test_latin_script(self):
        texts = [
            "Terrible service, the courier was two hours late and the pizza arrived cold. Never ordering again.",
            "Terrible service: pizza arrived cold and the courier was two hours late. Never ordering here again.",
            "The courier was two hours late, pizza arrived cold, terrible service. Never ordering again!",
            "Lovely staff, the manager helped us choose a sofa and delivery came a day early.",
        ]
        batch = [
            review(i, ["google", "tripadvisor"][i % 2], i * 3, t)
            for i, t in enumerate(texts)
        ]
        groups = C.find_campaigns(batch, [])
        self.assertEqual([g["member_ids"] for g in groups], [[0, 1, 2]])
        self.assertIn("Nearly the same text", C.member_reason(groups[0], 0, "en"))

    def test_a_stock_text_repeated_thousands_of_times_is_bounded(self):
        """3,000 stored reviews with one text within the window: one new copy
        checks at most MAX_CHECKS candidates per reached review and reaches at
        most MAX_REACH of them, whatever the window holds."""
        signature = C.signature(FAKE_A)
        platforms = ("yandex", "2gis", "otzovik")
        window = [
            review(i, platforms[i % 3], i / 100, FAKE_A, signature=signature)
            for i in range(2, 3002)
        ]
        calls = []
        real = G.similarity

        def counting(*args):
            calls.append(1)
            return real(*args)

        with patch.object(G, "similarity", counting):
            groups = C.find_campaigns([review(1, "vk", 15, FAKE_A)], window)
        self.assertEqual(len(groups), 1)
        self.assertLessEqual(len(calls), (1 + C.MAX_REACH) * C.MAX_CHECKS)
        self.assertLessEqual(
            len(groups[0]["member_ids"]), 1 + C.MAX_REACH * C.MAX_CHECKS
        )

    def test_repeated_words_are_not_a_campaign_text(self):
        text = "Отзыв о работе провайдера. " * 4
        self.assertFalse(C.eligible([t[0] for t in C.tokens(text)]))
        batch = [review(1, "yandex", 0, text), review(2, "2gis", 1, text)]
        self.assertEqual(C.find_campaigns(batch, [review(3, "vk", 2, text)]), [])

    def test_signatures_give_the_same_groups(self):
        batch = [review(1, "yandex", 0, FAKE_A), review(4, "2gis", 10, UNRELATED)]
        window = [review(2, "2gis", 20, FAKE_B), review(3, "yandex", 30, FAKE_C)]
        signed = [dict(r, signature=C.signature(r["text"])) for r in window]
        self.assertEqual(
            C.find_campaigns(batch, window), C.find_campaigns(batch, signed)
        )

    def test_neighbours_give_the_same_groups(self):
        """Stored reviews asked level by level from ``neighbours`` (as the band
        index gives them: those sharing a band within the window) form the same
        groups as the whole window given at once, chains through stored reviews
        included (13 is two stars from 1: it links to the batch only through 12)."""
        batch = [review(1, "vk", 40, FAKE_A, 1), review(4, "2gis", 10, UNRELATED)]
        stored = [
            review(12, "2gis", 20, FAKE_B, 2),
            review(13, "yandex", 30, FAKE_C, 3),
            review(14, "yandex", 500, FAKE_B, 2),  # outside the window
        ]
        signed = [dict(r, signature=C.signature(r["text"])) for r in stored]
        bands = {
            r["id"]: set(C.band_keys(C.parse_signature(r["signature"])[0]))
            for r in signed
        }
        asked = []

        def neighbours(frontier):
            asked.append(sorted(r["id"] for r, _keys in frontier))
            return [
                r
                for r in signed
                for mine, keys in frontier
                if bands[r["id"]] & set(keys)
                and abs(r["published_at"] - mine["published_at"]) <= timedelta(hours=72)
            ]

        self.assertEqual(
            C.find_campaigns(batch, neighbours=neighbours),
            C.find_campaigns(batch, signed),
        )
        asked.clear()
        groups = C.find_campaigns(batch, neighbours=neighbours)
        self.assertEqual([g["member_ids"] for g in groups], [[12, 13, 1]])
        # the batch, then the stored reviews reached from it, level by level
        self.assertEqual(asked, [[1, 4], [12], [13]])
        self.assertNotIn(14, {i for ids in asked for i in ids})

    def test_band_keys_are_the_bands_as_int64(self):
        values = C.parse_signature(C.signature(FAKE_A))[0]
        keys = C.band_keys(values)
        self.assertEqual(len(keys), C.LSH_BANDS)
        first = int(values[0]).to_bytes(4, "little") + int(values[1]).to_bytes(
            4, "little"
        )
        self.assertEqual(keys[0], int.from_bytes(first, "big", signed=True))

    def test_three_shared_bands_make_a_candidate(self):
        """A stored review sharing two bands with a new one is no candidate (two
        bands propose 1.1 % of unrelated pairs, more every busier day); three
        are (the labelled paraphrases share 6 to 51)."""
        self.assertEqual(C.MIN_SHARED_BANDS, 3)
        base = np.arange(C.NUM_PERM, dtype=np.uint32)

        def sharing(bands):
            values = base + 1000
            for band in range(bands):
                values[2 * band : 2 * band + 2] = base[2 * band : 2 * band + 2]
            return values

        index = G._BandIndex(
            ["new", "two", "three"], [base, sharing(2), sharing(3)], [0, 0, 0]
        )
        self.assertEqual(index.query(0, 3600), ["three"])
        shared = [
            sum(a == b for a, b in zip(C.band_keys(base), C.band_keys(v), strict=True))
            for v in (sharing(2), sharing(3))
        ]
        self.assertEqual(shared, [2, 3])


if __name__ == "__main__":
    unittest.main()

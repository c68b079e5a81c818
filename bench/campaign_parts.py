"""The campaign detection's share of a 500-row review import (bench_scale).

Runs ``cs_import_reviews`` in process on the bench database, as the admin user,
with rows made as for the XML-RPC import (after one batch not counted), each batch
in a savepoint rolled back afterwards, and times the parts of the
campaign detection with wrappers around its methods: the band index lookup
(``_campaign_neighbours``, with the number of stored candidates it returns), the
rest of the detection (the comparison in Python, the campaigns written) and the
batch's rows in the band index (``_campaign_index_bands``). What is left is the
rest of the import (customer matching, scoring, burst windows, the rows).
"""

import statistics
import time
from collections import defaultdict
from unittest.mock import patch

# part key -> label, in the order of the table
PARTS = [
    ("total", "whole import (in process, no HTTP)"),
    ("campaign", "campaign detection, all of it"),
    ("lookup", "band index lookup (stored candidates)"),
    ("compare", "comparison and campaigns (Python)"),
    ("index", "the batch's band rows"),
    ("rest", "the rest of the import"),
]


def measure_parts(registry, batches, codes, warmup=1):
    """Median (ms) of each part over ``batches`` (lists of import rows) but the
    first ``warmup`` ones, and the median number of stored candidates a batch's
    lookup returned."""
    from odoo import api

    from odoo.addons.cs_public_reviews.models import cs_public_review_campaign

    model = cs_public_review_campaign.CsPublicReview
    spent = defaultdict(float)

    def timing(name, part, count=False):
        real = getattr(model, name)

        def wrapper(self, *args, **kwargs):
            began = time.perf_counter()
            result = real(self, *args, **kwargs)
            spent[part] += time.perf_counter() - began
            if count:
                spent["candidates"] += len(result)
            return result

        return patch.object(model, name, wrapper)

    samples = defaultdict(list)
    with (
        timing("_detect_campaigns", "detection"),
        timing("_campaign_neighbours", "lookup", count=True),
        timing("_campaign_index_bands", "index"),
        registry.cursor() as cr,
    ):
        env = api.Environment(cr, 1, {})
        admin = env.ref("base.user_admin")
        reviews = env["cs.public.review"].with_user(admin)
        for i, rows in enumerate(batches):
            spent.clear()
            cr.execute("SAVEPOINT campaign_parts")
            began = time.perf_counter()
            reviews.cs_import_reviews(codes[i % len(codes)], rows)
            env.flush_all()
            spent["total"] = time.perf_counter() - began
            cr.execute("ROLLBACK TO SAVEPOINT campaign_parts")
            env.invalidate_all()
            spent["compare"] = spent["detection"] - spent["lookup"]
            spent["campaign"] = spent["detection"] + spent["index"]
            spent["rest"] = spent["total"] - spent["campaign"]
            if i < warmup:
                continue
            for key, value in spent.items():
                samples[key].append(value)
        cr.rollback()
    result = {
        key: statistics.median(values) * 1000
        for key, values in samples.items()
        if key != "candidates"
    }
    result["candidates"] = statistics.median(samples["candidates"])
    return result

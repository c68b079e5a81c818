"""Burst detection without the ORM: the windows a batch of reviews asks about, and
how many stored reviews fall in a review's window (per subnet and per IP)."""

from bisect import bisect_left, bisect_right
from collections import defaultdict


def merge_windows(dates_by_subnet, window):
    """``[(subnet, start, end)]``, disjoint per subnet: each date asks for its own
    ±``window``; overlapping windows of a subnet are merged, so a batch reads only
    what surrounds its reviews (never everything between its earliest and latest
    dates). ``dates_by_subnet``: ``{subnet: [datetime, ...]}``."""
    spans = []
    for subnet, values in dates_by_subnet.items():
        if not values:
            continue
        values = sorted(values)
        start, end = values[0] - window, values[0] + window
        for value in values[1:]:
            if value - window <= end:
                end = value + window
            else:
                spans.append((subnet, start, end))
                start, end = value - window, value + window
        spans.append((subnet, start, end))
    return spans


class BurstIndex:
    """Stored reviews around a batch, sorted per subnet and per IP: how many fall
    in a review's window is two binary searches, not a scan of the rows."""

    def __init__(self, rows):
        """``rows``: ``(id, ip, subnet, published_at)`` of the stored reviews."""
        by_subnet, by_ip = defaultdict(list), defaultdict(list)
        for _id, ip, subnet, published_at in rows:
            by_subnet[subnet].append(published_at)
            by_ip[subnet, ip].append(published_at)
        for dates in (*by_subnet.values(), *by_ip.values()):
            dates.sort()
        self.by_subnet, self.by_ip = by_subnet, by_ip

    @staticmethod
    def _within(dates, start, end):
        return bisect_right(dates, end) - bisect_left(dates, start)

    def count(self, subnet, ip, published_at, window):
        """(reviews from the subnet, reviews from the IP) within ±window."""
        start, end = published_at - window, published_at + window
        return (
            self._within(self.by_subnet.get(subnet, ()), start, end),
            self._within(self.by_ip.get((subnet, ip), ()), start, end),
        )

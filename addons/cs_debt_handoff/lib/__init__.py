"""Plain-Python rules of the addon (no ORM): unit-tested on their own."""

# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale-test helpers shared by the customer-service addons.

The scale tests pin query counts between 100 and 10,000 stored rows: they clone rows
the ORM made with ``INSERT … SELECT generate_series`` (:meth:`CsScaleMixin._clone`),
count the queries of one call (:meth:`CsScaleMixin._count`) and read the plans of the
statements a call runs (:meth:`CsScaleMixin._capture_selects`,
:meth:`CsScaleMixin._scans`, :meth:`CsScaleMixin._seq_scans`). Mix it into a
``TransactionCase``: ``class TestX(CsScaleMixin, MyCommon)``.
"""

import json
from contextlib import contextmanager
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL


class CsScaleMixin:
    """Cloning in SQL, query counting and plan checks for the scale tests."""

    def _clone(self, table, record, count, **overrides):
        """Copy ``record`` ``count`` times in SQL; ``overrides``: column -> SQL
        expression of ``g`` (1..count) and ``r`` (the copied row); unique columns
        must be overridden."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id'",
            [table],
        )
        columns = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM %s r, generate_series(1, %s) g "
                "WHERE r.id = %s",
                SQL.identifier(table),
                SQL(", ".join(f'"{c}"' for c in columns)),
                SQL(", ".join(overrides.get(c, f'r."{c}"') for c in columns)),
                SQL.identifier(table),
                count,
                record.id,
            )
        )
        self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        self.env.invalidate_all()

    def _count(self, func, *args):
        """``(queries, result)`` of ``func(*args)``, pending work flushed first."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # pending bus notifications of earlier creates
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func(*args)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    @contextmanager
    def _capture_selects(self, table=None):
        """The SELECT statements run inside the block (those naming ``table`` if
        given), with their parameters filled in."""
        statements = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            if isinstance(query, SQL):
                query, params = query.code, query.params
            text = cr._obj.mogrify(query, params).decode()
            if text.lstrip().upper().startswith("SELECT") and (
                table is None or f'"{table}"' in text
            ):
                statements.append(text)
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            yield statements

    def _plan_nodes(self, statements):
        """Every node of the plans of ``statements`` (EXPLAIN, not run)."""
        for text in statements:
            # a test reads the plans of the statements it captured
            self.env.cr.execute(f"EXPLAIN (FORMAT JSON) {text}")  # pylint: disable=sql-injection
            plan = self.env.cr.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            nodes = [plan[0]["Plan"]]
            while nodes:
                node = nodes.pop()
                nodes.extend(node.get("Plans", []))
                yield text, node

    def _scans(self, statements):
        """{(table, node type)} of the plans of ``statements``."""
        return {
            (node["Relation Name"], node["Node Type"])
            for _text, node in self._plan_nodes(statements)
            if node.get("Relation Name")
        }

    def _seq_scans(self, statements, table):
        """The statements whose plan reads the whole ``table``."""
        return [
            text
            for text, node in self._plan_nodes(statements)
            if node.get("Node Type") == "Seq Scan"
            and node.get("Relation Name") == table
        ]

"""Select Odoo's Python pins for this interpreter.

Odoo 18 lists two sets of pins: one for Python < 3.12 (Debian 12 / Ubuntu 22.04
packages, several of which no longer build from PyPI) and one for Python >= 3.12
(Ubuntu 24.04, all available as wheels).  On Python 3.11 the >= 3.12 pins install
cleanly, so we evaluate every environment marker as if ``python_version`` were at
least 3.12 and keep the other markers (platform) as they are.

Nothing here needs a compiler or development headers: ``python-ldap`` (only Odoo's
``auth_ldap`` uses it, none of our addons does) is left out, ``psycopg2`` comes as the
``psycopg2-binary`` wheel (the same ``psycopg2`` module) and ``rjsmin`` at a release
that ships wheels. The remaining source-only pins (``ofxparse``, ``vobject``) are pure
Python.

Usage: python odoo_requirements.py ODOO_REQUIREMENTS_TXT > filtered.txt
"""

import re
import sys

from packaging.markers import Marker
from packaging.requirements import Requirement

# sdist-only and unused by our addons (needs libldap2-dev, libsasl2-dev and a compiler)
LEFT_OUT = {"python-ldap"}
# the same module as a wheel, at a compatible release
AS_WHEEL = {
    "psycopg2": "psycopg2-binary>=2.9.9,<2.10",
    "rjsmin": "rjsmin>=1.2.0,<1.3",
}


def main(path):
    env_override = {}
    if sys.version_info < (3, 12):
        env_override = {"python_version": "3.12", "python_full_version": "3.12.0"}
    chosen = {}
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            req_part, _sep, marker_part = line.partition(";")
            marker_part = marker_part.strip()
            if marker_part:
                env = dict(env_override)
                if not Marker(marker_part).evaluate(env):
                    continue
            req = Requirement(req_part.strip())
            name = req.name.lower()
            if name in LEFT_OUT:
                continue
            chosen[name] = AS_WHEEL.get(name, str(req))
    for name in sorted(chosen):
        print(chosen[name])
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not re.search(r"\.txt$", sys.argv[1]):
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))

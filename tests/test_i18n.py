"""Every addon ships a complete Russian translation of its .pot."""

from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[1]
ADDONS = (
    "cs_base",
    "cs_feedback",
    "cs_debt_handoff",
    "cs_public_reviews",
    "cs_debt_handoff_helpdesk",
)


@pytest.mark.parametrize("addon", ADDONS)
def test_ru_po_covers_the_pot(addon):
    i18n = REPO / "addons" / addon / "i18n"
    pot_path, po_path = i18n / f"{addon}.pot", i18n / "ru.po"
    assert pot_path.exists(), f"{pot_path} missing: export it with --i18n-export"
    assert po_path.exists(), f"{po_path} missing"
    pot, po = polib.pofile(str(pot_path)), polib.pofile(str(po_path))
    translated = {entry.msgid for entry in po.translated_entries()}
    missing = [entry.msgid for entry in pot if entry.msgid not in translated]
    assert not missing, f"{addon}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not po.fuzzy_entries(), f"{addon}: fuzzy entries left"

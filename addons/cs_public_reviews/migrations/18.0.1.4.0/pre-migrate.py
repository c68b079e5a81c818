"""18.0.1.4.0: campaign signatures.

The column is created empty here, so that the update does not compute the
signature of every stored review in one go (the ORM computes a new stored field
for all rows at once); post-migrate fills it in batches.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE cs_public_review "
        "ADD COLUMN IF NOT EXISTS campaign_signature varchar"
    )

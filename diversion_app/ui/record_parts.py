"""Everything other workflows add to the referral record, loaded together.

The referral record (``ui.referrals.referral_record``) is extended by other workflows
through ``RECORD_EXTENSIONS``: casework's buttons and Visits tab, the household's
contacts, the returns tab, the school referral link. Each registers itself when its
module is imported. Pages are built when first shown, so which of those modules happen
to be imported would otherwise depend on the pages opened so far; every record view loads
them all here before it runs its extensions, so every record has every part. (Loading
them when the data layer is ready instead cost each start some 400 ms of imports.)
"""

from __future__ import annotations

import importlib

RECORD_PART_MODULES = (
    "diversion_app.ui.casework.casework_buttons",
    "diversion_app.ui.casework.referral_visits",
    "diversion_app.ui.people.referral_household",
    "diversion_app.ui.referrals.returns_tab",
    "diversion_app.ui.schools.referral_link",
)


def load_record_parts() -> None:
    """Import (and so register) every extension of the referral record."""
    for module in RECORD_PART_MODULES:
        importlib.import_module(module)

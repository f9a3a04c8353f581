"""The five norms the mission is judged on, named once for every layer.

The order of ``NORMS`` is the order of every score vector (observations, charts, the
orders log); ``NORM_LABELS`` are the words a player reads.
"""

from __future__ import annotations

NORMS: tuple[str, ...] = (
    "impartiality",
    "consent",
    "use_of_force",
    "duty_to_protect",
    "accountability",
)
"""The five norms, in the order every score vector uses."""

NORM_LABELS: dict[str, str] = {
    "impartiality": "Impartiality",
    "consent": "Consent",
    "use_of_force": "Use of force",
    "duty_to_protect": "Duty to protect",
    "accountability": "Accountability",
}
"""Each norm as the screens, the narrative and the after-action review name it."""

"""Training exercises: the after-action review (AAR) report, built from a recorded game.

No pygame here: the desktop AAR screen and the ``bluehelm report`` command both use
:mod:`game.exercise.aar`.
"""

from __future__ import annotations

"""The norms: orders and their legality, the use of force, scores, Council, injects, metrics.

Knows the mission file and the simulation's reports; never draws, reads files or imports
pygame or yaml. ``game.engine.session`` is the one caller that strings it together.
"""

from __future__ import annotations

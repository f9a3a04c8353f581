"""Reference dynamics the game is checked and timed against, not part of a game.

Epstein's (2002) civil-violence models: ``epstein_civil`` (Model I, citizens and cops, the
rules of Mesa's shipped example), ``epstein_ethnic`` (Model II, two groups and
peacekeepers) and ``epstein_grid`` (the torus, neighbourhoods, arrests and movement they
share). Benchmarks and tests use them; the simulation does not.
"""

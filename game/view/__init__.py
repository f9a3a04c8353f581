"""The map as pictures, without a window: the palette and numpy pictures of a world.

``palette`` holds every map colour once; ``overlays`` the toggleable layers and how each
tints the map; ``pictures`` builds (H, W, 3) uint8 arrays from a world (the ground, the
overlays, fog, markers, an agent's frame, the harm map); ``frames`` gives a session's
``rgb_array`` and ``ansi`` pictures for the agent environments. The window
(``game.ui``), the environments (``game.env``) and the after-action review
(``game.exercise``) draw from here, so the map looks the same in each.

No pygame and no matplotlib here: a headless training machine renders without a display,
and the window and the review add the pixels' frame (surfaces, axes) themselves.
"""

"""The pygame_gui theme: colours and shapes from ``assets/ui/theme.json``, with every font
size, padding and list-row height multiplied by the player's UI scale."""

from __future__ import annotations

import json
from typing import Any

from game.ui.resources import theme_path

_SCALED_MISC = ("list_item_height", "shape_corner_radius", "text_horiz_alignment_padding")


def _scale(node: Any, k: float) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "font" and isinstance(value, dict) and "size" in value:
                out[key] = {**value, "size": str(max(6, round(float(value["size"]) * k)))}
            elif key in _SCALED_MISC and isinstance(value, str):
                out[key] = str(max(0, round(float(value) * k)))
            elif key == "padding" and isinstance(value, str):
                out[key] = ",".join(str(round(float(v) * k)) for v in value.split(","))
            else:
                out[key] = _scale(value, k)
        return out
    return node


def theme_dict(scale: float = 1.0) -> dict[str, Any]:
    """The theme for ``scale``, ready for ``UIManager(size, theme_dict(...))``."""
    data = json.loads(theme_path().read_text(encoding="utf-8"))
    return _scale(data, scale)  # type: ignore[no-any-return]

"""Desktop UI figures: frames per second panning a 256×256 map at 1280×720, idling, and
the latency from "end turn" to the next interactive frame on the tutorial.

Run: ``.venv/bin/python tests/benchmarks/bench_ui.py`` (SDL's dummy driver, no window).
Prints one JSON line per case, e.g. ``{"case": "ui_pan", "size": 256, "fps": ...}``.
Each pan frame is a full game-loop frame: input step, map blit, labels, units, side
panel and widgets. The idle case counts redraws over one second with no input. The
end-turn case presses Enter on the tutorial's map (one order given each turn) and times
until the resolution overlay is drawn (the next frame the player can act on), and then
from the skip key to the map drawn again; median and max over 20 turns.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.mission import load_mission
from game.mission.schema import Mission
from game.paths import missions_dir
from game.ui.app import ACTIVE_SECONDS, App
from game.ui.camera import ZOOMS


def scaled_tutorial(side: int) -> Mission:
    """The tutorial mission stretched onto a ``side``×``side`` map (same places, scaled)."""
    m = load_mission(missions_dir() / "tutorial.yaml")
    data = m.model_dump(mode="python")
    k = side / m.map.width

    def cell(p: list[int] | tuple[int, int]) -> list[int]:
        return [min(side - 1, round(p[0] * k)), min(side - 1, round(p[1] * k))]

    mp = data["map"]
    mp["width"] = mp["height"] = side
    for t in mp["towns"]:
        t["at"], t["radius"] = cell(t["at"]), round(t["radius"] * k)
    for group in ("roads", "rivers"):
        for p in mp[group]:
            p["points"] = [cell(q) for q in p["points"]]
            p["width"] = max(1, round(p["width"] * k))
    for group in ("forests", "hills"):
        for a in mp[group]:
            a["at"], a["radius"] = cell(a["at"]), round(a["radius"] * k)
    for f in data["factions"]:
        for d in f["deployments"]:
            if not isinstance(d["at"], str):
                d["at"] = cell(d["at"])
    for u in data["forces"]["units"] + data["forces"]["reserve"]:
        if not isinstance(u["at"], str):
            u["at"] = cell(u["at"])
    for z in data["roe"]["consent_zones"]:
        z["radius"] = round(z["radius"] * k)
    for inj in data["injects"]:
        for e in inj["effects"]:
            if isinstance(e.get("at"), list | tuple):
                e["at"] = cell(e["at"])
    return Mission.model_validate(data)


def pan_fps(app: App, zoom: float, frames: int, overlays: tuple[int, ...] = ()) -> float:
    """Frames per second of full loop frames while holding a pan key."""
    from game.ui.adapter import GameModel
    from game.ui.mapview import MapView
    from game.ui.screen import Push

    view = MapView(app.ctx, GameModel(scaled_tutorial(256)))
    app._apply(Push(view))
    view.camera.zoom_index = ZOOMS.index(zoom)
    view.camera.centre_on(128, 128)
    for k in overlays:
        app.step([_key(k)])
    app.render()  # compose and scale once, outside the timing
    keys = (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_LEFT, pygame.K_UP)
    t0 = time.perf_counter()
    for i in range(frames):
        if i % 60 == 0:
            k = keys[(i // 60) % 4]
            app.step([_key(k, up=True) for k in keys] + [_key(k)], dt=1 / 60)
        else:
            app.step(dt=1 / 60)
        app.render()
        pygame.display.flip()
    elapsed = time.perf_counter() - t0
    app._apply(__import__("game.ui.screen", fromlist=["Pop"]).Pop())
    return frames / elapsed


def idle_redraws(app: App, seconds: float = 1.0) -> int:
    """Redraws while nobody touches anything for ``seconds`` (after the activity window)."""
    pygame.event.clear()
    app.step(dt=ACTIVE_SECONDS + 0.1)  # let the hover/tooltip window run out
    if app.dirty:
        app.render()
    start_frames = app.frames
    t0 = time.perf_counter()
    wakeups = 0
    while time.perf_counter() - t0 < seconds:
        app.pump(timeout_ms=100)
        wakeups += 1
    return app.frames - start_frames


def end_turn_ms(app: App, turns: int = 20) -> dict[str, float]:
    """Median and max ms from Enter to the resolution frame, and from skip to the map."""
    import statistics

    from game.rules.orders import Patrol
    from game.ui.adapter import GameModel
    from game.ui.mapview import MapView
    from game.ui.screen import Pop, Push

    view = MapView(app.ctx, GameModel.load(missions_dir() / "tutorial.yaml"))
    app._apply(Push(view))
    view.model.toasts.clear()
    app.step([_key(pygame.K_TAB)])
    app.render()
    to_overlay, to_map = [], []
    for i in range(turns):
        view.model.submit(Patrol("inf_1", 20 + i % 5, 30))
        view._refresh()
        app.render()
        t0 = time.perf_counter()
        app.step([_key(pygame.K_RETURN)])
        app.render()
        pygame.display.flip()
        to_overlay.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        app.step([_key(pygame.K_SPACE)])
        app.render()
        pygame.display.flip()
        to_map.append((time.perf_counter() - t0) * 1000)
    app._apply(Pop())
    return {
        "median_ms": round(statistics.median(to_overlay), 1),
        "max_ms": round(max(to_overlay), 1),
        "skip_median_ms": round(statistics.median(to_map), 1),
        "skip_max_ms": round(max(to_map), 1),
    }


def _key(k: int, up: bool = False) -> pygame.event.Event:
    return pygame.event.Event(
        pygame.KEYUP if up else pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0
    )


def main() -> int:
    """Run every case and print JSON lines."""
    with tempfile.TemporaryDirectory() as tmp:
        app = App(settings_path=Path(tmp) / "settings.json")
        app.step()
        app.render()
        w, h = app.surface.get_size()
        cases = [
            ("ui_pan", 4, ()),
            ("ui_pan_overlays", 4, (pygame.K_1, pygame.K_2, pygame.K_5)),
            ("ui_pan_zoom16", 16, ()),
            ("ui_pan_zoom32_uncached", 32, ()),
        ]
        for name, zoom, overlays in cases:
            fps = pan_fps(app, zoom, 600, overlays)
            print(
                json.dumps(
                    {
                        "case": name,
                        "size": 256,
                        "zoom": zoom,
                        "window": f"{w}x{h}",
                        "fps": round(fps, 1),
                    }
                )
            )
            sys.stdout.flush()
        lat = end_turn_ms(app)
        print(json.dumps({"case": "ui_end_turn", "mission": "tutorial", "turns": 20, **lat}))
        sys.stdout.flush()
        redraws = idle_redraws(app)
        print(json.dumps({"case": "ui_idle", "seconds": 1.0, "redraws": redraws}))
        pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

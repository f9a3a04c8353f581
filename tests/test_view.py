"""The view: numpy pictures of the map in one palette, for the window, the agent frames
and the after-action review's harm map.

Checked here: the view imports no window and no plotting library; each picture has the
shape and dtype it promises and shows what it claims (a threat in the threat ramp, a
fuller cell more strongly, units in the friend fill, harm in the deaths ramp); the
window's map picture and an environment's frame agree pixel for pixel where both draw
the same thing; and the map drawers hold no colour of their own.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game import load_mission, new_session
from game.engine.session import Session
from game.mission.maps import TERRAIN_DTYPE
from game.view import frames, pictures
from game.view import palette as pal
from game.view.overlays import BY_ID, OVERLAYS, overlay_rgba

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def session() -> Session:
    return new_session(load_mission(ROOT / "missions" / "tutorial.yaml"), seed=3)


def terrain(h: int = 40, w: int = 60) -> np.ndarray:
    t = np.zeros((h, w), dtype=TERRAIN_DTYPE)
    t["move_cost"] = 1.0
    t["water"][10, :] = 1
    t["urban"][20:23, 30:33] = 1
    t["road"][:, 5] = 1
    t["cover"][30:, :10] = 0.7
    return t


# --------------------------------------------------------------------------- no window
def test_the_view_imports_no_window_and_no_plotting() -> None:
    """Importing every view module (and drawing a frame) loads neither pygame nor
    matplotlib: the environments render on a machine without a display or a plot stack."""
    code = (
        "import sys\n"
        "from game import load_mission, new_session\n"
        "from game.view import frames, overlays, palette, pictures\n"
        "s = new_session(load_mission('missions/tutorial.yaml'), seed=1)\n"
        "frames.rgb_array(s)\n"
        "pictures.harm_picture(s.world.deaths_map, s.world.terrain)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pygame', 'pygame_gui', 'matplotlib'))\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_view_source_names_no_window_or_plotting_library() -> None:
    """The same, read from the source: no import of them anywhere in game/view, even
    inside a function."""
    for path in sorted((ROOT / "game" / "view").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for n in names:
                assert n.split(".")[0] not in ("pygame", "pygame_gui", "matplotlib"), (path, n)


# --------------------------------------------------------------------------- the ground
def test_terrain_colours() -> None:
    rgb = pictures.terrain_rgb(terrain())
    assert rgb.shape == (40, 60, 3) and rgb.dtype == np.uint8
    water, grass = rgb[10, 40].astype(int), rgb[5, 40].astype(int)
    assert water[2] > water[1] and grass[1] > grass[2]  # blue water, green land
    assert tuple(rgb[0, 5]) == pal.ROAD
    assert tuple(rgb[10, 5]) == pal.BRIDGE  # the road crosses the river
    assert rgb[35, 2, 1] < grass[1]  # forest is darker


def test_terrain_tolerates_missing_fields() -> None:
    t = np.zeros((8, 8), dtype=[("move_cost", np.float32)])
    t["move_cost"] = 1
    assert pictures.terrain_rgb(t).shape == (8, 8, 3)


# --------------------------------------------------------------------------- overlays
@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda o: o.id)
@pytest.mark.parametrize("colourblind", [False, True])
def test_overlays(overlay: object, colourblind: bool) -> None:
    rng = np.random.default_rng(0)
    colours = pal.overlay_palette(colourblind)
    shape = (
        (3, 20, 30)
        if overlay.layer in ("civilians", "deaths_map", "displaced", "threat")
        else (20, 30)
    )
    data = rng.random(shape).astype(np.float32) * (1000 if overlay.scale == "log" else 1)
    data[..., 0, 0] = 0
    rgba, legend = overlay_rgba(overlay, data, colours, ("A", "B", "C"))
    assert rgba.shape == (20, 30, 4) and rgba.dtype == np.uint8
    assert legend.overlay is overlay
    if overlay.scale != "access":
        assert rgba[0, 0, 3] == 0  # nothing there, nothing drawn
        zero, _ = overlay_rgba(overlay, np.zeros(shape, np.float32), colours, ("A", "B", "C"))
        assert not zero[..., 3].any()


@pytest.mark.parametrize("colourblind", [False, True])
def test_a_threat_cell_is_drawn_in_the_threat_colour(colourblind: bool) -> None:
    """The highest threat takes the top of the threat ramp, fully tinted as the overlay
    says; a cell without threat keeps the ground's colour."""
    colours = pal.overlay_palette(colourblind)
    threat = np.zeros((2, 10, 12), np.float32)
    threat[1, 4, 5] = 0.8
    threat[0, 2, 2] = 0.2
    ground = pictures.terrain_rgb(terrain()[:10, 10:22])
    rgba, legend = overlay_rgba(BY_ID["threat"], threat, colours)
    assert legend.vmax == pytest.approx(0.8)
    assert tuple(rgba[4, 5, :3]) == tuple(colours.ramps["threat"][255])
    assert rgba[4, 5, 3] == 220 and 0 < rgba[2, 2, 3] < 220  # stronger where higher
    out = pictures.compose(ground, [rgba])
    top = colours.ramps["threat"][255].astype(float)
    want = np.rint(ground[4, 5] * (1 - 220 / 255) + top * 220 / 255)
    assert np.array_equal(out[4, 5], want.astype(np.uint8))
    assert np.array_equal(out[7, 9], ground[7, 9])


def test_a_fuller_cell_shows_more_strongly() -> None:
    """Population: the hue is the cell's largest community, and the tint grows with how
    many live there (log scale), so a town outshines a hamlet."""
    civ = np.zeros((2, 4, 4), np.float32)
    civ[0, 1, 1] = 20_000
    civ[1, 2, 2] = 50
    civ[0, 2, 2] = 10
    rgba, legend = overlay_rgba(BY_ID["population"], civ, pal.STANDARD, ("A", "B"))
    assert tuple(rgba[1, 1, :3]) == pal.STANDARD.communities[0]
    assert tuple(rgba[2, 2, :3]) == pal.STANDARD.communities[1]
    assert rgba[1, 1, 3] > rgba[2, 2, 3] > 0 == rgba[0, 0, 3]
    assert legend.swatches[1] == ("B", pal.STANDARD.communities[1])


def test_blend_dim_and_compose() -> None:
    rgb = np.full((2, 2, 3), 100, np.uint8)
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[0, 0] = (200, 0, 0, 255)
    out = pictures.blend(rgb, rgba)
    assert tuple(out[0, 0]) == (200, 0, 0) and tuple(out[1, 1]) == (100, 100, 100)
    known = np.array([[True, False], [True, True]])
    dimmed = pictures.dim(rgb, known)
    assert tuple(dimmed[0, 0]) == (100, 100, 100) and dimmed[0, 1].sum() < 300
    assert np.array_equal(pictures.compose(rgb, [rgba], known), pictures.dim(out, known))
    assert pictures.compose(rgb, []) is rgb


# --------------------------------------------------------------------------- frames
def test_frame_shape_and_what_it_shows(session: Session) -> None:
    w = session.world
    f = frames.rgb_array(session)
    k = pictures.upscale_factor(w.shape)
    assert f.dtype == np.uint8 and f.shape == (w.shape[0] * k, w.shape[1] * k, 3)
    assert min(f.shape[:2]) >= pictures.MIN_SIDE
    cells = f[::k, ::k]
    assert np.array_equal(pictures.upscale(cells, k), f)  # whole pixels per cell
    for u in w.units:
        if u.alive:
            assert tuple(cells[u.y, u.x]) == pal.FRIEND_FILL
    assert np.array_equal(frames.rgb_array(session), f)  # the cached ground changes nothing


def test_fighters_tint_towards_the_armed_colour() -> None:
    armed = np.zeros((2, 3, 3), np.float32)
    armed[0, 1, 1] = 15
    armed[1, 1, 1] = 15
    armed[0, 0, 0] = 2
    rgba = pictures.armed_rgba(armed)
    assert tuple(rgba[1, 1, :3]) == pal.ARMED
    assert rgba[1, 1, 3] > rgba[0, 0, 3] > rgba[2, 2, 3] == 0


def test_the_window_and_the_environment_draw_the_same_map(session: Session) -> None:
    """The window's map picture (its canvas, composed from the same overlays with the fog
    off) and an environment's ``rgb_array`` agree pixel for pixel on every cell where the
    frame adds no marker: one palette, one set of picture functions."""
    import pygame

    from game.env.gym_env import BlueHelmEnv
    from game.ui.mapcanvas import MapCanvas

    env = BlueHelmEnv("tutorial", render_mode="rgb_array")
    env.reset(seed=3)
    for _ in range(3):  # a few days, so deaths, displacement and protection show
        env.step(env.action_space.sample())
    assert env.session is not None
    w = env.session.world
    f = env.render()
    k = pictures.upscale_factor(w.shape)
    cells = f[::k, ::k]

    pygame.display.init()
    try:
        canvas = MapCanvas(w.terrain)
        layers = [(o, getattr(w, BY_ID[o].layer)) for o in pictures.FRAME_OVERLAYS]
        canvas.compose(("frame",), layers, 0, pal.STANDARD, (), None)
        window = pygame.surfarray.array3d(canvas.native).transpose(1, 0, 2)
    finally:
        pygame.display.quit()

    plain = w.armed.sum(axis=0) == 0
    for u in w.units:
        if u.alive:
            plain[max(0, u.y - 1) : u.y + 2, max(0, u.x - 1) : u.x + 2] = False
    assert plain.mean() > 0.5
    assert np.array_equal(cells[plain], window[plain])
    assert not np.array_equal(cells[~plain], window[~plain])  # the markers are on top


# --------------------------------------------------------------------------- harm map
def test_harm_picture_uses_the_deaths_overlay(session: Session) -> None:
    w = session.world
    killed = np.zeros(w.shape, np.int32)
    killed[10, 12] = 400
    killed[30, 40] = 3
    pic, legend = pictures.harm_picture(killed, w.terrain)
    assert pic.shape == (*w.shape, 3) and pic.dtype == np.uint8
    assert legend.vmax == 400 and legend.overlay is BY_ID["deaths"]
    ground = pictures.fade(pictures.terrain_rgb(w.terrain), pal.PAPER, pictures.HARM_GROUND_KEEP)
    harmed = killed > 0
    assert np.array_equal(pic[~harmed], ground[~harmed])  # no harm: the faded ground
    rgba, _ = overlay_rgba(BY_ID["deaths"], killed, pal.STANDARD)
    assert np.array_equal(pic[harmed], rgba[harmed][:, :3])  # the deaths ramp, opaque
    lut = pal.STANDARD.ramps["deaths"]
    assert tuple(pic[10, 12]) == tuple(lut[255])  # the most killed: the top of the ramp
    assert tuple(pic[30, 40]) == tuple(lut[round(255 * np.log1p(3) / np.log1p(400))])
    bare, _ = pictures.harm_picture(killed)
    assert tuple(bare[0, 0]) == pal.PAPER


def test_the_review_draws_the_view_harm_picture(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The after-action review's harm map is the view's picture (matplotlib frames it)."""
    from game.exercise import aar

    seen: list[np.ndarray] = []
    real = pictures.harm_picture

    def spy(*args: object, **kw: object) -> object:
        out = real(*args, **kw)  # type: ignore[arg-type]
        seen.append(out[0])
        return out

    monkeypatch.setattr(pictures, "harm_picture", spy)
    rep = aar.build(session, counterfactual=False)
    png = aar.chart(rep, "harm_map")
    assert png.startswith(b"\x89PNG") and len(seen) == 1
    assert seen[0].shape == (*session.world.shape, 3)
    assert aar._count_ticks(400) == [0, 1, 2, 5, 10, 20, 50, 100, 200, 400]  # whole people
    assert aar._count_ticks(0) == [0, 1]


# --------------------------------------------------------------------------- one palette
MAP_DRAWERS = (
    "game/ui/render.py",
    "game/ui/mapcanvas.py",
    "game/ui/map_layers.py",
    "game/ui/mission_select.py",
    "game/exercise/aar.py",
    *sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "game" / "env").glob("*.py")
        if p.name != "__init__.py"
    ),
    *sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "game" / "view").glob("*.py")
        if p.name != "palette.py"
    ),
)
"""Modules that draw the map: their colours must come from game.view.palette."""
COLOUR_KEYWORDS = frozenset({"color", "colour", "c", "mfc", "mec", "facecolor", "edgecolor"})


def _colour_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each RGB(A) tuple of ints, each colormap and each colour name."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) in (3, 4):
            vals = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(vals) == len(node.elts) and all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 for v in vals
            ):
                out.append((node.lineno, f"RGB tuple {tuple(vals)}"))
        elif isinstance(node, ast.keyword) and (
            node.arg == "cmap"
            or (
                node.arg in COLOUR_KEYWORDS
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            )
        ):
            out.append((node.value.lineno, f"{node.arg}={ast.unparse(node.value)}"))
    return out


def test_the_map_drawers_hold_no_colours_of_their_own() -> None:
    """No RGB literal, colormap or named colour in any module that draws the map: the
    window, the environments and the review take theirs from one palette."""
    found = {
        path: hits
        for path in MAP_DRAWERS
        if (hits := _colour_literals(ast.parse((ROOT / path).read_text(encoding="utf-8"))))
    }
    assert found == {}
    assert not (ROOT / "game" / "env" / "render.py").exists()


def test_the_colour_check_finds_colours() -> None:
    """The check above is not vacuous: it catches each kind of colour it looks for."""
    src = (
        "a = (20, 8, 8)\nb = (0, 0, 0, 34)\nax.imshow(x, cmap='inferno')\n"
        "ax.plot(x, mfc='white')\nshape = (3, 256, 300)\n"
    )
    assert [w for _, w in _colour_literals(ast.parse(src))] == [
        "RGB tuple (20, 8, 8)",
        "RGB tuple (0, 0, 0, 34)",
        "cmap='inferno'",
        "mfc='white'",
    ]

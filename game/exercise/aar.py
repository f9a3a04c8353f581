"""The after-action review: what a game did, as data, PNG charts and an HTML report.

``build(session)`` collects the series the review shows (deaths by community, displaced,
the five norm scores per day), the findings timeline, the outcome and objectives, and
lives saved against the counterfactual: the same mission and seed with the mission
absent (``Session.new(..., counterfactual=True)``), run to the same day. The
counterfactual is cached per (mission digest, seed, day), so reopening a review is free.
``charts(report)`` draws the PNGs with matplotlib's Agg canvas (no window, no pyplot
state); the harm map is :func:`game.view.pictures.harm_picture`, the window's deaths
overlay in the map palette, framed by matplotlib with its towns and a scale.
``write_report(report, folder)`` writes ``index.html`` and the PNGs.

Pure data and files: no pygame, and nothing here changes the session it reads.
"""

from __future__ import annotations

import html
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.engine.save import mission_digest
from game.engine.session import Session
from game.files import atomic_write_bytes
from game.norms import NORM_LABELS, NORMS
from game.rules import force, wording
from game.view import palette as vpal
from game.view import pictures

CHARTS = ("deaths", "displaced", "norms", "harm_map")
"""The charts a report holds, in the order the review shows them."""
_COUNTERFACTUAL: dict[tuple[str, int, int], list[int]] = {}


@dataclass(frozen=True)
class FindingRow:
    """One finding of the timeline."""

    turn: int
    norm: str
    severity: int
    what: str
    clause: str
    why: str


@dataclass(frozen=True)
class OrderRow:
    """One order of the orders log: the day, the order in words, and its verdict."""

    turn: int
    text: str
    status: str
    """'allowed', 'finding' (carried out against the rules) or 'refused'."""
    clause: str
    reason: str
    force_findings: tuple[str, ...] = ()
    """Why each force test this order failed that day (justification, necessity,
    proportionality, graduation, precaution), matched by ``force.force_what``."""


@dataclass
class Report:
    """Everything the after-action review shows."""

    mission_id: str
    mission_name: str
    seed: int
    mode: str
    turns: list[int]
    deaths: dict[str, list[int]]
    """Community name -> civilians killed so far, per day (cumulative)."""
    deaths_total: list[int]
    displaced: dict[str, list[int]]
    """Community name -> displaced now, per day."""
    norms: dict[str, list[float]]
    """Norm -> its day score, per day."""
    findings: list[FindingRow]
    scores: dict[str, float]
    outcome: dict[str, Any] | None
    objectives: list[tuple[str, str, bool | None]]
    """(id, text, met) per objective; met is None while the game is still running."""
    counterfactual: list[int] | None = None
    """Civilians killed so far with the mission absent, per day (None if not run)."""
    harm: Any = None
    """(H, W) civilians killed per cell (where harm happened)."""
    terrain: Any = None
    """(H, W) structured terrain, the ground the harm map is drawn on (None: a plain one)."""
    towns: list[tuple[str, int, int]] = field(default_factory=list)
    orders: list[OrderRow] = field(default_factory=list)
    """Every order given, day by day, with its verdict: what the debrief walks through."""

    @property
    def lives_saved(self) -> int | None:
        """Deaths in the counterfactual minus deaths in the game, on the last day."""
        if not self.counterfactual or not self.deaths_total:
            return None
        return int(self.counterfactual[-1] - self.deaths_total[-1])


def counterfactual_deaths(session: Session, turns: int) -> list[int]:
    """Civilians killed so far, per day, with the mission absent (same mission and seed)."""
    key = (mission_digest(session.mission), session.seed, turns)
    hit = _COUNTERFACTUAL.get(key)
    if hit is not None:
        return list(hit)
    cf = Session.new(
        session.mission, session.seed, counterfactual=True, terrain=session.world.terrain
    )
    out: list[int] = []
    for _ in range(turns):
        r = cf.end_turn()
        out.append(int(r.metrics.get("civilians_killed", 0)))
        if cf.is_over():
            break
    _COUNTERFACTUAL[key] = out
    return list(out)


def build(session: Session, *, counterfactual: bool = True) -> Report:
    """The review of ``session`` as it stands (a finished game, or one in progress)."""
    m = session.mission
    hist = session.history
    comms = [(c.id, c.name) for c in m.communities]
    turns = [r.turn for r in hist]
    deaths = {
        name: [int(r.metrics.get(f"civilians_killed:{cid}", 0)) for r in hist]
        for cid, name in comms
    }
    displaced = {
        name: [int(r.metrics.get(f"civilians_displaced:{cid}", 0)) for r in hist]
        for cid, name in comms
    }
    findings = [
        FindingRow(f.turn, f.norm, f.severity, f.what, f.clause, f.why)
        for r in hist
        for f in r.findings
    ]
    out = session.outcome()
    met = out.objectives if out is not None else {}
    objectives: list[tuple[str, str, bool | None]] = [
        (o.id, o.text, bool(met.get(o.id, False)) if out is not None else None)
        for o in m.objectives
    ]
    rep = Report(
        mission_id=m.meta.id,
        mission_name=m.meta.name,
        seed=session.seed,
        mode=session.mode,
        turns=turns,
        deaths=deaths,
        deaths_total=[int(r.metrics.get("civilians_killed", 0)) for r in hist],
        displaced=displaced,
        norms={n: [float(r.scores[n]) for r in hist] for n in NORMS},
        findings=findings,
        scores={k: float(v) for k, v in session.scores().items()},
        outcome=out.to_dict() if out is not None else None,
        objectives=objectives,
        harm=np.asarray(session.world.deaths_map).sum(axis=0),
        terrain=session.world.terrain,
        towns=[(t.name, t.at[0], t.at[1]) for t in m.map.towns],
        orders=[
            OrderRow(
                r.turn,
                wording.describe(m, o),
                v.status,
                v.clause,
                v.reason,
                tuple(f.why for f in r.findings if key is not None and f.what == key),
            )
            for r in hist
            for o, v in zip(r.orders, r.verdicts, strict=True)
            for key in (force.force_what(m, o),)
        ],
    )
    if counterfactual and turns and not session.counterfactual:
        rep.counterfactual = counterfactual_deaths(session, len(turns))
    return rep


# --------------------------------------------------------------------------- charts


def _figure(w: float = 7.0, h: float = 2.6) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.grid(True, alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _unit(rgb: vpal.RGB) -> tuple[float, float, float]:
    """A palette colour as matplotlib's 0-1 floats."""
    return (rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0)


def _deaths_scale(vmax: float) -> Any:
    """A colour scale for the harm map's bar: the palette's deaths ramp on the overlay's
    log scale, so the bar reads the picture's colours in people."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import FuncNorm, ListedColormap

    cmap = ListedColormap(vpal.STANDARD.ramps["deaths"] / 255.0)
    return ScalarMappable(FuncNorm((np.log1p, np.expm1), vmin=0.0, vmax=max(vmax, 1.0)), cmap)


def _count_ticks(vmax: float) -> list[int]:
    """Whole numbers of people for a log-scaled bar: 0, 1, 2, 5, 10, 20, 50, ... up to
    ``vmax``, and ``vmax`` itself."""
    top = max(1, round(vmax))
    ticks = [0]
    step = 1
    while step <= top:
        ticks += [t for t in (step, 2 * step, 5 * step) if t < top]
        step *= 10
    return [*ticks, top]


def chart(report: Report, name: str) -> bytes:
    """One chart of the review as PNG bytes (``name`` in ``CHARTS``)."""
    t = report.turns or [0]
    if name == "deaths":
        fig, ax = _figure()
        for comm, ys in report.deaths.items():
            ax.plot(t, ys or [0], label=comm, lw=2)
        ax.plot(t, report.deaths_total or [0], "k-", lw=2, label="all, with the mission")
        if report.counterfactual:
            cf = report.counterfactual[: len(t)]
            ax.plot(t[: len(cf)], cf, "k--", lw=1.5, label="all, no mission (counterfactual)")
        ax.set_title("Civilians killed so far, by community")
    elif name == "displaced":
        fig, ax = _figure()
        for comm, ys in report.displaced.items():
            ax.plot(t, ys or [0], label=comm, lw=2)
        ax.set_title("Civilians displaced")
    elif name == "norms":
        fig, ax = _figure()
        for n, scores in report.norms.items():
            ax.plot(t, scores or [100.0], label=NORM_LABELS[n], lw=1.8)
        ax.set_ylim(0, 105)
        ax.set_title("Norm scores per day")
    elif name == "harm_map":
        from matplotlib.patheffects import withStroke

        fig, ax = _figure(4.2, 3.6)
        harm = np.asarray(report.harm if report.harm is not None else np.zeros((1, 1)))
        picture, legend = pictures.harm_picture(harm, report.terrain)
        ax.imshow(picture, origin="upper", interpolation="nearest")
        for town, x, y in report.towns:
            ax.plot([x], [y], "o", ms=4, mfc=_unit(vpal.TOWN), mec=_unit(vpal.TOWN_EDGE))
            ax.annotate(
                town,
                (x, y),
                xytext=(4, 4),
                textcoords="offset points",
                color=_unit(vpal.TOWN_LABEL),
                fontsize=8,
                path_effects=[withStroke(linewidth=2.5, foreground=_unit(vpal.LABEL_HALO))],
            )
        ax.grid(False)
        fig.colorbar(
            _deaths_scale(legend.vmax),
            ax=ax,
            label="civilians killed in a cell",
            ticks=_count_ticks(legend.vmax),
        )
        ax.set_title("Where civilians were killed")
    else:
        raise KeyError(f"unknown chart '{name}' (one of {', '.join(CHARTS)})")
    if name != "harm_map":
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("day")
        if name == "norms":  # five lines that span the whole plot: the legend goes beside it
            ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
        else:
            ax.legend(fontsize=8, loc="best", frameon=False)
    return _png(fig)


def charts(report: Report) -> dict[str, bytes]:
    """Every chart of the review, as PNG bytes by name."""
    return {n: chart(report, n) for n in CHARTS}


# --------------------------------------------------------------------------- HTML


def _e(s: object) -> str:
    return html.escape(str(s))


def _order_why(o: OrderRow) -> list[str]:
    """Why an order drew a verdict or findings: the verdict's reason unless plainly allowed,
    then each force test it failed."""
    return ([o.reason] if o.status != "allowed" else []) + list(o.force_findings)


def to_html(report: Report) -> str:
    """The review as one HTML page (charts referenced as ``<name>.png`` beside it)."""
    out = report.outcome or {}
    saved = report.lives_saved
    rows = "\n".join(
        f"<tr><td>{f.turn}</td><td>{_e(NORM_LABELS.get(f.norm, f.norm))}</td>"
        f"<td>{'!' * f.severity}</td><td><code>{_e(f.clause or '-')}</code></td>"
        f"<td>{_e(f.what)}</td><td>{_e(f.why)}</td></tr>"
        for f in report.findings
    )
    objectives = "\n".join(
        f"<li>{'✔ met' if ok else '✘ not met' if ok is not None else '(in progress)'}: "
        f"{_e(text)}</li>"
        for _, text, ok in report.objectives
    )
    scores = "".join(
        f"<td>{report.scores.get(n, 0):.0f}</td>" for n in (*NORMS, "mission", "overall")
    )
    heads = "".join(f"<th>{_e(NORM_LABELS[n])}</th>" for n in NORMS)
    killed = report.deaths_total[-1] if report.deaths_total else 0
    cf = report.counterfactual[-1] if report.counterfactual else None
    result = str(out.get("result", "in progress")).replace("_", " ")
    counter = ""
    if cf is not None and saved is not None:
        counter = f" · with no mission: {cf:,} · <b>lives saved: {saved:,}</b>"
    verdicts = {"allowed": "allowed", "finding": "against the rules", "refused": "refused"}
    order_rows = "\n".join(
        f"<tr><td>{o.turn}</td><td>{_e(o.text)}</td><td>{_e(verdicts.get(o.status, o.status))}"
        f"</td><td><code>{_e(o.clause or '-')}</code></td>"
        f"<td>{_e(' '.join(_order_why(o)))}</td></tr>"
        for o in report.orders
    )
    imgs = "\n".join(f'<p><img src="{n}.png" alt="{n}"></p>' for n in CHARTS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>After-action review: {_e(report.mission_name)}</title>
<style>
body {{ font-family: sans-serif; max-width: 960px; margin: 2em auto; color: #1b2533; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
td, th {{ border: 1px solid #c9d3e0; padding: 4px 6px; vertical-align: top; text-align: left; }}
th {{ background: #e8eef7; }} h1 {{ color: #1f4f9a; }} img {{ max-width: 100%; }}
.big {{ font-size: 1.3em; }}
</style></head><body>
<h1>After-action review: {_e(report.mission_name)}</h1>
<p>Seed {report.seed} · {_e(report.mode)} mode · {len(report.turns)} day(s) played.</p>
<h2>Outcome</h2>
<p class="big">{_e(result)}: {_e(out.get("reason", ""))}</p>
<p class="big">Civilians killed: {killed:,}{counter}</p>
<h2>Objectives</h2><ul>{objectives}</ul>
<h2>Scores</h2>
<table><tr>{heads}<th>Norms</th><th>Overall</th></tr><tr>{scores}</tr></table>
<h2>Charts</h2>
{imgs}
<h2>Findings ({len(report.findings)})</h2>
<table><tr><th>Day</th><th>Norm</th><th>Severity</th><th>Clause</th><th>What</th><th>Why</th></tr>
{rows}
</table>
<h2>Orders, day by day ({len(report.orders)})</h2>
<table><tr><th>Day</th><th>Order</th><th>Verdict</th><th>Clause</th><th>Why</th></tr>
{order_rows}
</table>
</body></html>
"""


def write_report(report: Report, folder: str | os.PathLike[str]) -> Path:
    """Write ``index.html`` and the chart PNGs into ``folder``; return the HTML's path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, png in charts(report).items():
        atomic_write_bytes(out / f"{name}.png", png)
    page = out / "index.html"
    atomic_write_bytes(page, to_html(report).encode("utf-8"))
    return page


def default_folder(report: Report, base: str | os.PathLike[str]) -> Path:
    """``base/<mission>-seed<N>-day<T>``: where a report goes unless told otherwise."""
    day = report.turns[-1] if report.turns else 0
    return Path(base) / f"{report.mission_id}-seed{report.seed}-day{day}"


__all__ = [
    "CHARTS",
    "FindingRow",
    "Report",
    "build",
    "chart",
    "charts",
    "counterfactual_deaths",
    "default_folder",
    "to_html",
    "write_report",
]

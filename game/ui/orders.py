"""Giving orders: choose among the engine's candidate orders, climb the escalation ladder,
and confirm after reading the verdict.

Three overlays over the map, each a transparent screen: ``ChoiceScreen`` (a list of
orders grouped by tier, each row coloured by its verdict and refused rows greyed with the
clause as tooltip), ``LadderScreen`` (the rungs of force against one faction for a chosen
justification, each judged before you pick it) and ``ConfirmOrder`` (the verdict in full,
then Confirm or Back). Confirming calls ``GameModel.submit``; the map rebuilds on return.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.mission.schema import RUNGS
from game.rules.wording import JUSTIFICATION_LABELS
from game.ui import draw
from game.ui import palette as pal
from game.ui.adapter import TIER_LABELS, GameModel, OptionView
from game.ui.screen import Action, Context, Pop, Replace, Screen, TipButton, pressed

VERDICT_COLOURS: dict[str, tuple[int, int, int]] = {
    "allowed": pal.OK,
    "finding": pal.GOLD,
    "against": pal.DANGER,
    "refused": (110, 122, 140),
}
VERDICT_WORDS = {
    "allowed": "ALLOWED",
    "finding": "ALLOWED · FINDING",
    "against": "AGAINST THE RULES",
    "refused": "REFUSED",
}
MARKS = {"allowed": "OK", "finding": "!", "against": "!!", "refused": "X"}
"""Short verdict marks (ASCII: Noto Sans has no check or warning glyphs)."""
SUFFIX = {
    "allowed": "",
    "finding": "  · finding",
    "against": "  · against the rules",
    "refused": "  · refused",
}
RUNG_LABELS = {
    "verbal_warning": "1 Verbal warning",
    "show_of_force": "2 Show of force",
    "interposition": "3 Interposition",
    "warning_shots": "4 Warning shots",
    "non_lethal": "5 Non-lethal force",
    "deadly": "6 Deadly force",
}


def row_id(opt: OptionView) -> str:
    """The theme object id of an order row (its verdict colour)."""
    return f"@verdict_{opt.kind}"


def _shade(surface: pygame.Surface, ctx: Context) -> None:
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((*pal.BG_DEEP, 140))
    surface.blit(shade, (0, 0))


class _Modal(Screen):
    """A centred panel over the dimmed map."""

    transparent = True
    help_group = "Orders"
    width = 600

    def __init__(self, ctx: Context, model: GameModel, title: str) -> None:
        super().__init__(ctx)
        self.model = model
        self.title = title
        self.back: TipButton | None = None

    def height(self) -> int:
        """Panel height in window pixels."""
        return self.ctx.px(420)

    def rect(self) -> pygame.Rect:
        """The panel's rect."""
        w, h = self.ctx.size
        r = pygame.Rect(0, 0, self.ctx.px(self.width), min(self.height(), h - self.ctx.px(40)))
        r.center = (w // 2 - self.ctx.px(20), h // 2)
        return r

    def inner(self) -> pygame.Rect:
        """The panel's content area (below the title)."""
        r = self.rect().inflate(-self.ctx.px(24), -self.ctx.px(20))
        return pygame.Rect(r.left, r.top + self.ctx.px(36), r.width, r.height - self.ctx.px(36))

    def _back(self) -> None:
        r, px = self.rect(), self.ctx.px
        self.back = self.button(
            pygame.Rect(r.left + px(12), r.bottom - px(46), px(140), px(36)),
            "Back",
            "Close without giving an order (Esc).",
        )

    def draw(self, surface: pygame.Surface) -> None:
        _shade(surface, self.ctx)
        draw.panel(surface, self.rect(), self.ctx, self.title, alpha=250)


def numbered_pick(
    event: pygame.event.Event, rows: Sequence[tuple[TipButton, OptionView]]
) -> OptionView | None:
    """The row a number key 1-9 picks (the rows are numbered on screen), if it may be
    given; None for any other event."""
    if event.type != pygame.KEYDOWN:
        return None
    keys = [pygame.K_1 + i for i in range(9)] + [pygame.K_KP1 + i for i in range(9)]
    if event.key not in keys:
        return None
    i = keys.index(event.key) % 9
    if i < len(rows) and rows[i][1].can_submit:
        return rows[i][1]
    return None


class ChoiceScreen(_Modal):
    """A list of candidate orders (grouped by tier); picking one opens the confirm step."""

    def __init__(
        self, ctx: Context, model: GameModel, title: str, options: Sequence[OptionView]
    ) -> None:
        super().__init__(ctx, model, title)
        order = {"I": 0, "II": 1, "III": 2, "mission": 3}
        self.options = sorted(options, key=lambda o: order.get(o.order.tier, 4))
        self.rows: list[tuple[TipButton, OptionView]] = []
        self.headings: list[tuple[str, int]] = []

    def height(self) -> int:
        tiers = len({o.order.tier for o in self.options})
        return self.ctx.px(120 + 34 * len(self.options) + 26 * tiers)

    def build(self) -> None:
        px = self.ctx.px
        inner = self.inner()
        y = inner.top
        self.rows, self.headings = [], []
        tier = None
        for opt in self.options:
            if opt.order.tier != tier:
                tier = opt.order.tier
                self.headings.append((TIER_LABELS.get(tier, tier), y))
                y += px(24)
            n = len(self.rows) + 1
            b = self.button(
                pygame.Rect(inner.left, y, inner.width, px(30)),
                f"{n}  {opt.label}{SUFFIX[opt.kind]}"
                if n <= 9
                else f"{opt.label}{SUFFIX[opt.kind]}",
                opt.tooltip,
                object_id=row_id(opt),
                enabled=opt.can_submit,
            )
            self.rows.append((b, opt))
            y += px(34)
        self._back()

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if pressed(event, self.back) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        ):
            return Pop()
        for b, opt in self.rows:
            if pressed(event, b):
                return Replace(ConfirmOrder(self.ctx, self.model, opt))
        picked = numbered_pick(event, self.rows)
        if picked is not None:
            return Replace(ConfirmOrder(self.ctx, self.model, picked))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        inner = self.inner()
        for text, y in self.headings:
            surface.blit(self.ctx.text(text, 12, pal.ACCENT, bold=True), (inner.left, y + 3))
        if not self.options:
            draw.paragraph(
                surface,
                self.ctx,
                "No such order is possible now.",
                inner.topleft,
                inner.width,
                14,
                pal.MUTED,
            )
        foot = self.ctx.text("Hover a row for its verdict and clause", 12, pal.MUTED)
        r = self.rect()
        surface.blit(
            foot, foot.get_rect(bottomright=(r.right - self.ctx.px(14), r.bottom - self.ctx.px(20)))
        )


class LadderScreen(_Modal):
    """The escalation ladder against one faction: pick the justification, then the rung."""

    width = 640

    def __init__(self, ctx: Context, model: GameModel, unit: str, faction: str) -> None:
        super().__init__(
            ctx, model, f"Use of force: {model.name(unit)} against {model.name(faction)}"
        )
        self.unit = unit
        self.faction = faction
        rules = model.mission.roe.force
        offered = {j for r in rules for j in r.justifications} | {"self_defence"}
        self.justifications = [j for j in JUSTIFICATION_LABELS if j in offered]
        self.justification = (
            "self_defence" if "self_defence" in self.justifications else self.justifications[0]
        )
        self.just_buttons: dict[str, TipButton] = {}
        self.rows: list[tuple[TipButton, OptionView]] = []
        self.note = ""
        """Graduation: the last rung used against the faction and the next step up."""

    def height(self) -> int:
        return self.ctx.px(182 + 40 * len(RUNGS) + 60)

    def build(self) -> None:
        px = self.ctx.px
        inner = self.inner()
        n = len(self.justifications)
        gap = px(6)
        bw = (inner.width - gap * (n - 1)) // n
        self.just_buttons = {}
        for i, j in enumerate(self.justifications):
            b = self.button(
                pygame.Rect(inner.left + i * (bw + gap), inner.top + px(18), bw, px(32)),
                JUSTIFICATION_LABELS[j].capitalize(),
                f"Justify the force as {JUSTIFICATION_LABELS[j]}: each rung below is judged "
                "against the ROE for this justification.",
                object_id="@toolbar",
            )
            if j == self.justification:
                b.select()
            self.just_buttons[j] = b
        self.note = self.model.graduation_note(self.faction)
        y = inner.top + px(100)
        self.rows = []
        for rung, opt in self.model.ladder(self.unit, self.faction, self.justification):
            b = self.button(
                pygame.Rect(inner.left, y, inner.width, px(34)),
                f"{RUNG_LABELS[rung]}  —  {VERDICT_WORDS[opt.kind].lower()}",
                opt.tooltip,
                object_id=row_id(opt),
                enabled=opt.can_submit,
            )
            self.rows.append((b, opt))
            y += px(40)
        self._back()

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if pressed(event, self.back) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        ):
            return Pop()
        for j, b in self.just_buttons.items():
            if pressed(event, b):
                self.justification = j
                self.teardown()
                self.build()
                return None
        for b, opt in self.rows:
            if pressed(event, b):
                return Replace(ConfirmOrder(self.ctx, self.model, opt))
        picked = numbered_pick(event, self.rows)  # the rung's number on the ladder
        if picked is not None:
            return Replace(ConfirmOrder(self.ctx, self.model, picked))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        inner = self.inner()
        surface.blit(
            self.ctx.text("Justification", 12, pal.ACCENT, bold=True), (inner.left, inner.top - 2)
        )
        surface.blit(
            self.ctx.text("The escalation ladder, lowest rung first", 12, pal.ACCENT, bold=True),
            (inner.left, inner.top + self.ctx.px(50)),
        )
        draw.paragraph(
            surface,
            self.ctx,
            self.note,
            (inner.left, inner.top + self.ctx.px(66)),
            inner.width,
            12,
            pal.MUTED,
        )


class ConfirmOrder(_Modal):
    """The verdict in full before the order is given: Confirm (Enter) or Back (Esc)."""

    width = 560

    def __init__(self, ctx: Context, model: GameModel, option: OptionView) -> None:
        super().__init__(ctx, model, "Confirm the order")
        self.option = option
        self.confirm: TipButton | None = None
        self.result: OptionView | None = None

    def height(self) -> int:
        return self.ctx.px(330)

    def build(self) -> None:
        r, px = self.rect(), self.ctx.px
        self._back()
        opt = self.option
        tip = {
            "allowed": "Give the order; it is carried out when the turn ends (Enter).",
            "finding": "Give the order; it is carried out, and a finding is recorded (Enter).",
            "against": "Give it anyway: free mode carries it out and records a finding "
            "against the mission (Enter).",
            "refused": "This order cannot be given: " + opt.verdict.reason,
        }[opt.kind]
        self.confirm = self.button(
            pygame.Rect(r.right - px(232), r.bottom - px(46), px(220), px(36)),
            "Give it anyway" if opt.kind == "against" else "Confirm",
            tip,
            object_id="#primary",
            enabled=opt.can_submit,
        )

    def on_event(self, event: pygame.event.Event) -> Action | None:
        key = event.key if event.type == pygame.KEYDOWN else None
        if pressed(event, self.back) or key == pygame.K_ESCAPE:
            return Pop()
        if (pressed(event, self.confirm) or key in (pygame.K_RETURN, pygame.K_KP_ENTER)) and (
            self.option.can_submit
        ):
            self.result = self.model.submit(self.option.order)
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        ctx, opt = self.ctx, self.option
        inner = self.inner()
        who = opt.order.unit_id
        y = inner.top
        if who:
            surface.blit(ctx.text(self.model.name(who), 13, pal.MUTED), (inner.left, y))
            y += ctx.px(20)
        y = draw.paragraph(
            surface, ctx, opt.label, (inner.left, y), inner.width, 18, pal.TEXT, True
        )
        y += ctx.px(8)
        colour = VERDICT_COLOURS[opt.kind]
        box = pygame.Rect(inner.left, y, inner.width, ctx.px(130))
        pygame.draw.rect(surface, pal.BG_DEEP, box, border_radius=ctx.px(4))
        pygame.draw.rect(surface, colour, box, 2, border_radius=ctx.px(4))
        tx = box.left + ctx.px(12)
        ty = box.top + ctx.px(10)
        surface.blit(ctx.text(VERDICT_WORDS[opt.kind], 16, colour, True), (tx, ty))
        ty += ctx.px(26)
        if opt.verdict.clause:
            surface.blit(ctx.text(f"Clause: {opt.verdict.clause}", 13, pal.GOLD, True), (tx, ty))
            ty += ctx.px(20)
        draw.paragraph(
            surface, ctx, opt.verdict.reason, (tx, ty), box.width - ctx.px(24), 13, pal.TEXT
        )
        mode = (
            "Training (strict): refused orders are not carried out."
            if self.model.mode == "strict"
            else "Free play: orders against the rules are carried out and recorded as findings."
        )
        draw.paragraph(
            surface, ctx, mode, (inner.left, box.bottom + ctx.px(8)), inner.width, 12, pal.MUTED
        )


class InjectMenu(_Modal):
    """Instructor: fire one of the mission's scripted injects now (Ctrl+I)."""

    def __init__(self, ctx: Context, model: GameModel) -> None:
        super().__init__(ctx, model, "Instructor: fire an inject")
        self.rows: list[tuple[TipButton, str]] = []
        self.note = ""

    def height(self) -> int:
        return self.ctx.px(150 + 36 * len(self.model.injects()))

    def build(self) -> None:
        px = self.ctx.px
        inner = self.inner()
        y = inner.top
        self.rows = []
        for iid, title, fired in self.model.injects():
            b = self.button(
                pygame.Rect(inner.left, y, inner.width, px(30)),
                f"{title}{'  (fired)' if fired else ''}",
                f"Fire '{iid}' now: its message shows at once, its effects apply when the "
                "turn ends." + (" Already fired once." if fired else ""),
                object_id="@order",
                enabled=not self.model.is_over(),
            )
            self.rows.append((b, iid))
            y += px(36)
        self._back()

    def on_event(self, event: pygame.event.Event) -> Action | None:
        if pressed(event, self.back) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        ):
            return Pop()
        for b, iid in self.rows:
            if pressed(event, b):
                self.note = self.model.fire_inject(iid)
                self.model.messages.insert(0, self.note)
                return Pop()
        return None


__all__ = ["VERDICT_COLOURS", "ChoiceScreen", "ConfirmOrder", "InjectMenu", "LadderScreen"]

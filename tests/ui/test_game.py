"""A whole game through the desktop UI, driven by synthetic events under SDL's dummy driver.

Start the tutorial (training mode), select a unit, give a legal order, try illegal ones
and see them refused with the clause, undo, end a turn (the resolution shows and is
skipped), quick-save, load from the menu, play to the end and reach the after-action
review, then export its report. No wall clock: every step is a synthetic event.
"""

from __future__ import annotations

from pathlib import Path

import pygame
from ui_events import click, click_button, key, wheel

from game.engine.save import SUFFIX
from game.rules import orders as ro
from game.sim.protection import reach_table
from game.ui.aar_screen import AARScreen
from game.ui.app import App
from game.ui.mapview import MapView
from game.ui.menu import MainMenu
from game.ui.mission_select import MissionSelect
from game.ui.orders import ChoiceScreen, ConfirmOrder, LadderScreen
from game.ui.resolution import ResolutionOverlay
from game.ui.saves import SavesScreen


def ctrl(k: int) -> pygame.event.Event:
    """Ctrl + key."""
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=pygame.KMOD_LCTRL, unicode="", scancode=0)


def start_tutorial(app: App, strict: bool) -> MapView:
    app.step([key(pygame.K_n)])
    select = app.top
    assert isinstance(select, MissionSelect)
    if strict:
        app.step([key(pygame.K_t)])
        assert select.strict and select.strict_button.is_selected
    app.step([key(pygame.K_RETURN)])
    view = app.top
    assert isinstance(view, MapView)
    assert view.model.mode == ("strict" if strict else "free")
    return view


def unit_button(view: MapView, text: str) -> object:
    return next(b for b, _ in view.unit_buttons if b.text.startswith(text))


def test_whole_game(app: App, settings_path: Path, tmp_path: Path) -> None:
    view = start_tutorial(app, strict=True)
    model = view.model
    # the first lesson shows as a notification, and the hint line says what to do
    assert model.toasts and "Lesson 1" in model.toasts[0].title
    assert "Lesson 1" in model.hint(None)
    app.render()
    toast = view.toast_rect()
    assert toast is not None
    app.step(click(toast.center))
    assert not model.toasts

    # select a unit: its orders appear, grouped by tier
    app.step([key(pygame.K_TAB)])
    assert view.selected == "inf_1"
    texts = [b.text for b, _ in view.unit_buttons]
    assert any(t.startswith("II Patrol") for t in texts)
    assert any(t.startswith("III Investigate") for t in texts)
    assert all(b.tool_tip_text for b, _ in view.unit_buttons + view.mission_buttons)

    # a legal order: patrol at Tovo, through the choice list and the confirm step
    click_button(app, unit_button(view, "II Patrol"))
    choice = app.top
    assert isinstance(choice, ChoiceScreen)
    rows = {opt.label: (b, opt) for b, opt in choice.rows}
    tovo_b, tovo = next(v for k, v in rows.items() if "Tovo" in k)
    marra_b, marra = next(v for k, v in rows.items() if "Marra" in k)
    # refused rows are greyed out, with the clause in the tooltip
    assert marra.kind == "refused" and not marra_b.is_enabled
    assert "roe.consent_zones[0]" in marra_b.tool_tip_text
    assert tovo.kind == "allowed" and tovo_b.is_enabled
    app.render()
    click_button(app, tovo_b)
    confirm = app.top
    assert isinstance(confirm, ConfirmOrder) and confirm.option.verdict.status == "allowed"
    app.render()
    click_button(app, confirm.confirm)
    assert app.top is view
    assert [o.kind for o, _, _ in model.pending()] == ["patrol"]

    # an illegal one: right-click inside the Front's zone; the verdict is previewed, then
    # the confirm step refuses it, naming the clause
    zone = model.consent_zones()[0]
    pos = tuple(round(c) for c in view.camera.to_screen(zone.x + 0.5, zone.y + 0.5))
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])
    preview = view.preview((zone.x, zone.y))
    assert preview is not None and preview.kind == "refused"
    app.render()
    app.step(click(pos, button=3))
    refused = app.top
    assert isinstance(refused, ConfirmOrder)
    assert refused.option.verdict.clause == "roe.consent_zones[0]"
    assert not refused.confirm.is_enabled
    app.step([key(pygame.K_RETURN)])  # Enter cannot give a refused order
    assert app.top is refused
    app.step([key(pygame.K_ESCAPE)])
    assert app.top is view and len(model.pending()) == 1

    # a rung the ROE forbid: warning shots in defence of the mandate (roe.force[3])
    force = next((b for b, _ in view.unit_buttons if b.text.startswith("II Force")), None)
    assert force is not None and force.is_enabled
    click_button(app, force)
    ladder = app.top
    assert isinstance(ladder, LadderScreen)
    click_button(app, ladder.just_buttons["defence_of_mandate"])
    shots = next(opt for b, opt in ladder.rows if getattr(opt.order, "rung", "") == "warning_shots")
    assert shots.kind == "refused" and shots.verdict.clause == "roe.force[3]"
    verbal = next(b for b, opt in ladder.rows if getattr(opt.order, "rung", "") == "verbal_warning")
    assert verbal.is_enabled
    app.render()
    app.step([key(pygame.K_ESCAPE)])
    assert app.top is view

    # a mission-level action, then undo it (Ctrl+Z); the legal order stays
    app.step([key(pygame.K_n)])
    talks = app.top
    assert isinstance(talks, ChoiceScreen)
    mlf = next(b for b, opt in talks.rows if getattr(opt.order, "faction", "") == "mlf")
    click_button(app, mlf)
    app.step([key(pygame.K_RETURN)])
    assert [o.kind for o, _, _ in model.pending()] == ["patrol", "negotiate"]
    app.step([ctrl(pygame.K_z)])
    assert [o.kind for o, _, _ in model.pending()] == ["patrol"]

    # end the turn: the resolution shows, Space skips it
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, ResolutionOverlay)
    app.render()
    app.step([key(pygame.K_SPACE)])
    assert app.top is view and model.day == 2 and model.pending() == []
    assert model.session.history[0].orders[0].kind == "patrol"
    # the dashboard: five gauges have a day of history; the event feed centres the map
    assert all(len(v) == 1 for v in model.norm_series().values())
    click_button(app, view.tab_buttons["events"])
    assert view.left_tab == "events"
    app.render()
    from game.ui import dashboard
    from game.ui.mapview import layout

    rows_ = dashboard.feed_rows(
        app.ctx, dashboard.content_rect(app.ctx, layout(app.ctx).left), view
    )
    hit = next(((r, item) for r, item in rows_ if item.cell is not None), None)
    assert hit is not None
    app.step(click(hit[0].center))
    cx = view.camera.cell_at(*layout(app.ctx).viewport.center)
    assert view.flash == hit[1].cell
    assert cx is not None and abs(cx[0] - hit[1].cell[0]) <= 2 and abs(cx[1] - hit[1].cell[1]) <= 2
    click_button(app, view.tab_buttons["council"])
    app.render()

    # quick-save (F5), leave, and load it from the menu
    app.step([key(pygame.K_F5)])
    save = settings_path.parent / "saves" / f"quicksave-tutorial{SUFFIX}"
    assert save.exists(), view.note
    app.step([key(pygame.K_ESCAPE)])  # deselect
    app.step([key(pygame.K_ESCAPE)])  # ask to leave
    app.step([key(pygame.K_RETURN)])  # leave
    app.step([key(pygame.K_ESCAPE)])  # mission list -> menu
    assert isinstance(app.top, MainMenu)
    app.step([key(pygame.K_l)])
    saves = app.top
    assert isinstance(saves, SavesScreen) and "day 2" in saves.rows[0]
    app.render()
    app.step([key(pygame.K_RETURN)])
    loaded = app.top
    assert isinstance(loaded, MapView) and loaded.model.day == 2
    assert loaded.model.mode == "strict"
    assert loaded.model.session.state_hash() == model.session.state_hash()

    # fast-forward to the last day through the adapter, then end it from the UI
    m = loaded.model
    while m.session.turn < m.mission.end.turn_limit - 1 and not m.is_over():
        m.end_turn()
    loaded._refresh()
    app.step([key(pygame.K_RETURN)])
    res = app.top
    assert isinstance(res, ResolutionOverlay) and res.result.over
    app.step([key(pygame.K_SPACE)])
    aar = app.top
    assert isinstance(aar, AARScreen)
    app.step()
    assert aar.report is not None and aar.report.lives_saved is not None
    app.render()

    # export the report: HTML and PNG charts, with the findings and their clauses
    page = aar.export(tmp_path / "report")
    assert page is not None and page.exists()
    html = page.read_text(encoding="utf-8")
    assert aar.report.findings
    first = aar.report.findings[0]
    assert first.clause in html and "lives saved" in html
    for name in ("deaths", "displaced", "norms", "harm_map"):
        png = tmp_path / "report" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the orders log for the debrief: the button (or O) swaps it with the findings
    assert aar.report.orders and aar.showing == "findings"
    assert aar.view_button is not None and aar.view_button.text == "Orders log"
    click_button(app, aar.view_button)
    assert aar.showing == "orders" and aar.view_button.text == "Findings"
    app.render()
    app.step([key(pygame.K_o)])
    assert aar.showing == "findings"
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, MainMenu)


def test_free_mode_carries_out_an_order_against_the_rules(app: App) -> None:
    """Free play: the same patrol into the Front's zone is allowed, as a finding."""
    view = start_tutorial(app, strict=False)
    app.step([key(pygame.K_TAB)])
    click_button(app, unit_button(view, "II Patrol"))
    choice = app.top
    b, opt = next((b, o) for b, o in choice.rows if "Marra" in o.label)
    assert opt.kind == "against" and b.is_enabled
    click_button(app, b)
    confirm = app.top
    assert isinstance(confirm, ConfirmOrder) and confirm.confirm.text == "Give it anyway"
    click_button(app, confirm.confirm)
    (_, verdict, _) = view.model.pending()[0]
    assert verdict.status == "finding"
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, ResolutionOverlay)
    sections = dict(app.top.result.sections)
    assert "Findings" in sections
    # the consequence shows at once: entering without consent cost the Front's consent
    assert any(
        s.startswith("Consent of Marun Liberation Front") for s in sections["Consent and trust"]
    )
    app.step(click((5, 5)))
    assert any(f.clause == "roe.consent_zones[0]" for f in view.model.findings())


def test_instructor_fires_an_inject(app: App) -> None:
    view = start_tutorial(app, strict=False)
    view.model.toasts.clear()
    app.step([ctrl(pygame.K_i)])
    menu = app.top
    b = next(b for b, iid in menu.rows if iid == "instructor_riot")
    click_button(app, b)
    assert app.top is view
    assert view.model.toasts and view.model.toasts[0].title == "Riot in Solen"
    app.step([key(pygame.K_i)])
    assert view.instructor
    app.render()


def test_tutorial_hints_name_buttons_on_screen(app: App) -> None:
    """A new player reads only the screen: each lesson's hint names a button that is there."""
    view = start_tutorial(app, strict=False)
    m = view.model
    lessons = [
        (1, "Negotiate…", None, "I Negotiate…"),
        (6, "Investigate…", "qrf_1", "III Investigate…"),
        (13, "Force: HDY…", "qrf_1", "II Force: HDY…"),
        (21, "Guard…", "inf_1", "II Guard…"),
        (25, "Misconduct…", None, "M Misconduct (1)…"),
    ]
    for day, token, unit, button in lessons:
        while m.day < day:
            m.end_turn()
        view.select(unit)
        view._refresh()
        assert token in m.hint(unit), (day, m.hint(unit))
        buttons = {b.text: b for b, _ in (*view.unit_buttons, *view.mission_buttons)}
        assert button in buttons and buttons[button].is_enabled, (day, sorted(buttons))
    app.render()


def test_lesson_one_hint_tracks_the_fronts_consent(app: App) -> None:
    """Lesson 1 on screen: the hint shows the Front's consent against the zone's need, and
    one round of talks opens the hills (the tutorial's 0.52), so Patrol Marra is allowed."""
    view = start_tutorial(app, strict=True)
    m = view.model
    assert "consent 0.50, needs 0.52" in m.hint(None)
    marra = m.consent_zones()[0]
    assert m.check(ro.Patrol("inf_1", marra.x, marra.y)).kind == "refused"
    assert not m.consent_zones()[0].open  # drawn on the map as closed, at all times
    assert m.submit(ro.Negotiate("mlf")).kind == "allowed"
    m.end_turn()
    assert "Lesson 1 done" in m.hint(None)
    assert m.consent_zones()[0].open
    assert m.check(ro.Patrol("inf_1", marra.x, marra.y)).kind == "allowed"


def test_impartiality_gauge_says_which_party_went_unanswered(app: App) -> None:
    """The score drops on day 1 with no finding: the gauge's tooltip names the parties
    whose violations the mission has not answered, and how to answer them."""
    from game.ui import dashboard
    from game.ui.mapview import layout

    view = start_tutorial(app, strict=False)
    view.model.end_turn()
    view._refresh()
    side = layout(app.ctx).left
    rect = next(r for r, n in dashboard.gauge_rows(app.ctx, side) if n == "impartiality")
    app.step(
        [pygame.event.Event(pygame.MOUSEMOTION, pos=rect.center, rel=(0, 0), buttons=(0,) * 3)]
    )
    text = " ".join(dashboard.hover_lines(app.ctx, side, view) or [])
    assert "Hill Defence Youth: 0% of its violations answered" in text
    assert "report it to the Council" in text
    app.render()


def test_the_newest_notification_shows_first(app: App) -> None:
    """Lessons left unread pile up; the card shows the latest one (the one the hint line
    is about), and dismissing it uncovers the one before."""
    view = start_tutorial(app, strict=False)
    m = view.model
    while m.day < 13:
        m.end_turn()
    assert [t.title for t in m.toasts][-2:] == [
        "Lesson 2: impartiality",
        "Lesson 3: the use of force",
    ]
    app.render()
    card = view.toast_rect()
    assert card is not None
    app.step(click(card.center))
    assert m.toasts[-1].title == "Lesson 2: impartiality"


def test_ladder_previews_skipped_rungs_before_confirming(app: App) -> None:
    """Rungs the ROE allow can still fail the force tests: the ladder says so before the
    click (a 'finding' row whose tooltip gives the reason), and the order's message too."""
    view = start_tutorial(app, strict=False)
    m = view.model
    rows = dict(m.ladder("qrf_1", "hdy", "self_defence"))
    assert rows["verbal_warning"].kind == "allowed"
    assert rows["deadly"].kind == "finding"
    assert "Rungs were skipped" in rows["deadly"].tooltip
    assert m.submit(rows["deadly"].order).kind == "finding"
    assert "a finding will be recorded" in m.messages[0]


def test_number_keys_choose_rows_in_order_lists_and_on_the_ladder(app: App) -> None:
    """Keyboard play: the rows are numbered; 1-9 picks one (a refused row stays refused)."""
    view = start_tutorial(app, strict=True)
    app.step([key(pygame.K_TAB)])
    click_button(app, unit_button(view, "II Patrol"))
    choice = app.top
    assert isinstance(choice, ChoiceScreen)
    assert choice.rows[0][0].text.startswith("1  ")
    refused = next(i for i, (_, o) in enumerate(choice.rows) if not o.can_submit)
    if refused < 9:
        app.step([key(pygame.K_1 + refused)])
        assert app.top is choice  # nothing happens on a refused row
    allowed = next(i for i, (_, o) in enumerate(choice.rows) if o.can_submit)
    app.step([key(pygame.K_1 + allowed)])
    assert isinstance(app.top, ConfirmOrder)
    assert app.top.option is choice.rows[allowed][1]
    app.step([key(pygame.K_ESCAPE)])
    force = next(b for b, _ in view.unit_buttons if b.text.startswith("II Force"))
    click_button(app, force)
    assert isinstance(app.top, LadderScreen)
    app.step([key(pygame.K_1)])
    confirm = app.top
    assert isinstance(confirm, ConfirmOrder)
    assert getattr(confirm.option.order, "rung", "") == "verbal_warning"
    app.render()


def test_every_lesson_confirms_when_done(app: App) -> None:
    """Each lesson's hint turns to 'done' once the player's orders since the lesson did what
    it asked (not before), so a new player knows when to move on."""
    view = start_tutorial(app, strict=False)
    m = view.model

    def until(day: int) -> None:
        while m.day < day:
            m.end_turn()

    m.submit(ro.Negotiate("mlf"))
    m.end_turn()
    assert m.hint(None).startswith("Lesson 1 done")
    until(6)
    assert m.hint(None).startswith("Lesson 2: ")
    m.submit(ro.Investigate("qrf_1", "vna"))
    m.submit(ro.ReportToCouncil("vna"))
    m.end_turn()
    assert m.hint(None).startswith("Lesson 2 done")
    until(13)
    assert m.hint(None).startswith("Lesson 3: ")
    m.submit(ro.UseForce("qrf_1", "hdy", "verbal_warning", "self_defence"))
    m.end_turn()
    assert m.hint(None).startswith("Lesson 3 done")
    until(21)
    assert m.hint(None).startswith("Lesson 4: ")
    m.submit(ro.Guard("inf_1", *m.mission.town("Ebeni").at))
    m.end_turn()
    assert m.hint(None).startswith("Lesson 4 done")
    until(25)
    assert m.hint(None).startswith("Lesson 5: ")
    (case,) = [c.id for c in m.session.rules.cases if c.acted is None]
    assert m.submit(ro.ActOnMisconduct(case)).kind == "allowed"
    m.end_turn()
    assert m.hint(None).startswith("Lesson 5 done")


def test_a_faulted_use_of_force_is_named_in_lesson_three(app: App) -> None:
    view = start_tutorial(app, strict=False)
    m = view.model
    while m.day < 13:
        m.end_turn()
    m.submit(ro.UseForce("qrf_1", "hdy", "deadly", "self_defence"))
    m.end_turn()
    assert "earned a finding" in m.hint(None)


def test_findings_tab_scrolls_to_the_oldest(app: App) -> None:
    """More findings than fit: the wheel over the panel pages back to the first one, and
    stops there; switching tabs starts again at the newest."""
    from game.ui.mapview import layout

    view = start_tutorial(app, strict=False)
    m = view.model
    marra = m.consent_zones()[0]
    for _ in range(6):  # free mode: every breach of the Front's zone is a finding
        m.submit(ro.Patrol("inf_1", marra.x, marra.y))
        m.submit(ro.UseForce("qrf_1", "hdy", "deadly", "defence_of_mandate"))
        m.end_turn()
    view._refresh()
    found = m.findings()
    assert len(found) > 12
    click_button(app, view.tab_buttons["findings"])
    panel = layout(app.ctx).left.center
    app.render()
    app.step(wheel(panel, -3))
    assert view.list_scroll == 3
    app.render()
    app.step(wheel(panel, -10 * len(found)))
    assert view.list_scroll == len(found) - 1  # the oldest stays on screen
    app.render()
    app.step(wheel(panel, 10 * len(found)))
    assert view.list_scroll == 0
    app.step(wheel(panel, -2))
    click_button(app, view.tab_buttons["events"])
    assert view.list_scroll == 0


def test_overlays_hide_the_map_widgets_and_leaving_destroys_them(app: App) -> None:
    """Under an overlay the map's buttons are hidden (no clicks, no tooltips) and come back
    unchanged if nothing changed; leaving the mission destroys them."""
    view = start_tutorial(app, strict=False)
    app.step([key(pygame.K_TAB)])
    end_turn = view.end_turn_button
    click_button(app, unit_button(view, "II Patrol"))
    assert isinstance(app.top, ChoiceScreen)
    assert not end_turn.visible
    app.step(click(end_turn.rect.center))  # a click where the hidden button is does nothing
    assert isinstance(app.top, ChoiceScreen) and view.model.day == 1
    app.step([key(pygame.K_ESCAPE)])
    assert app.top is view and view.end_turn_button is end_turn and end_turn.visible
    for _ in range(3):  # cancel the armed patrol, deselect, ask to leave
        app.step([key(pygame.K_ESCAPE)])
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, MissionSelect)
    assert not end_turn.alive()


def test_the_day_reports_what_each_order_came_to() -> None:
    """The resolution pairs each order with its consequence: where the unit got to and
    the civilians killed within its reach of the place, or the party's consent before and
    after the talks."""
    from game.paths import resolve_mission
    from game.ui.adapter import GameModel

    model = GameModel.load(resolve_mission("tutorial"), seed=3)
    assert model.submit(ro.Patrol(unit="inf_1", x=20, y=30)).verdict.ok
    assert model.submit(ro.Redeploy(unit="mo_1", x=8, y=44)).verdict.ok
    assert model.submit(ro.Redeploy(unit="eng_1", x=44, y=46)).verdict.ok
    assert model.submit(ro.Redeploy(unit="eng_1", x=52, y=52)).verdict.ok
    assert model.submit(ro.Negotiate(faction="mlf")).verdict.ok
    before = model.consent_of("mlf")
    res = model.end_turn()
    lines = dict(res.sections)["Your orders"]
    assert len(lines) == 5
    patrol, observers, first, second, talks = lines
    assert patrol.startswith("Patrol at Solen") and "1st Infantry Battalion is there" in patrol
    inf = next(u for u in model.world.units if u.id == "inf_1")
    reach_km = reach_table(model.world)[inf.type, inf.posture] * model.world.cell_km
    # a patrol reaches wider than the infantry's 8 km at rest
    assert reach_km > 8 and f"killed within {reach_km:.0f} km." in patrol
    killed_today = int(res.headline.split(": ")[1].split(" ")[0].replace(",", ""))
    near = patrol.split("; ")[1].split(" ")[0]
    assert near == "no" or 0 < int(near.replace(",", "")) <= killed_today
    # the observers go cross-country from (40, 20), some 40 km: more than a day's march
    assert "Observer Team Marra is" in observers and "km away, on the way" in observers
    # a later order for the same unit supersedes the first
    assert first.endswith("Engineer Company was sent elsewhere by a later order.")
    assert second.startswith("Redeploy to (52, 52): Engineer Company is")
    after = model.consent_of("mlf")
    assert talks == f"Negotiate with Marun Liberation Front: consent {before:.2f} to {after:.2f}."
    assert after > before


def test_the_ladder_says_which_rung_graduation_counts_from() -> None:
    """The ladder names the last rung used against the party (today's queued orders
    included) and the next step up; with none lately it warns that higher rungs skip."""
    from game.paths import resolve_mission
    from game.ui.adapter import GameModel

    model = GameModel.load(resolve_mission("tutorial"), seed=3)
    assert model.graduation_note("hdy").startswith(
        "No force against Hill Defence Youth in the last 3 days"
    )
    model.submit(ro.ShowOfForce("qrf_1", "hdy", "self_defence"))
    assert model.graduation_note("hdy") == (
        "Last rung against Hill Defence Youth: show of force (today). Next step up: warning shots."
    )
    # undone, the queued show of force no longer counts
    model.undo()
    assert model.graduation_note("hdy").startswith("No force")
    model.submit(ro.ShowOfForce("qrf_1", "hdy", "self_defence"))
    model.end_turn()
    assert "show of force (day 1)" in model.graduation_note("hdy")
    # another party's ladder is its own
    assert model.graduation_note("mlf").startswith("No force against Marun Liberation Front")
    for _ in range(3):
        model.end_turn()
    # three days on, the show of force has lapsed for graduation
    assert model.graduation_note("hdy").startswith("No force")


def test_hovering_a_threat_badge_says_what_the_mission_knows() -> None:
    """The status line over a known threat names the party, the community, how the
    mission learnt of it and the toll if nothing changes; elsewhere it says nothing of it."""
    from game.paths import resolve_mission
    from game.ui.adapter import GameModel

    model = GameModel.load(resolve_mission("tutorial"), seed=3)
    while not model.known_threats() and model.day < 30:
        model.end_turn()
    (x, y, faction, community, _sev, _src), *_ = model.known_threats()
    line = model.cell_info(x, y)
    assert line.startswith(f"Known threat (early warning, day {model.day - 1}): {faction}")
    assert f"against the {community}" in line and "killed a day if nothing changes" in line
    far = next(
        (cx, cy)
        for cx, cy in ((0, 0), (63, 0), (0, 63), (63, 63))
        if all(max(abs(cx - t[0]), abs(cy - t[1])) > 1 for t in model.known_threats())
    )
    assert "Known threat" not in model.cell_info(*far)


def test_the_day_reports_what_outreach_and_council_orders_came_to() -> None:
    """Outreach reports each community's trust before and after, an investigation the
    documented evidence, a report to the Council the step it took."""
    from game.paths import resolve_mission
    from game.ui.adapter import GameModel

    model = GameModel.load(resolve_mission("tutorial"), seed=3)
    trust = model.standing()["Marun trust in the mission"]
    for o in (
        ro.EngageCommunity(community="marun"),
        ro.Investigate(unit="qrf_1", faction="vna"),
        ro.ReportToCouncil(faction="vna"),
    ):
        assert model.submit(o).verdict.ok
    engage, investigate, report = dict(model.end_turn().sections)["Your orders"]
    now = model.standing()["Marun trust in the mission"]
    assert now > trust
    assert engage == f"Engage the Marun community: Marun trust {trust:.2f} to {now:.2f}."
    evidence = model.session.rules.council.evidence["vna"]
    assert evidence > 0
    # the next step is measured after today's report (a statement needs no evidence)
    done = model.session.rules.council.steps.get("vna", 0)
    from game.rules.council import LADDER, STEP_EVIDENCE

    assert investigate == (
        f"Investigate Veldian National Army's violations: documented evidence 0.0 to "
        f"{evidence:.1f}; the Council's next step against them, "
        f"{LADDER[done].replace('_', ' ')}, needs {STEP_EVIDENCE[done]:.1f}."
    )
    from game.engine.events import CouncilStep

    steps = [e for e in model.session.history[-1].events if isinstance(e, CouncilStep)]
    assert len(steps) == 1
    verdict = "adopted" if steps[0].granted else "not adopted"
    assert report.startswith(
        "Report Veldian National Army to the Security Council: statement against "
        f"Veldian National Army {verdict}"
    )


def test_an_order_waiting_for_national_approval_says_so_at_the_end_of_the_day() -> None:
    """UNAMIR's Bangladeshi battalion needs national approval for force: its show of
    force waits a day, and the day's card says so instead of reporting no clash."""
    from game.paths import resolve_mission
    from game.ui.adapter import GameModel

    model = GameModel.load(resolve_mission("unamir_1994"), seed=1)
    option = model.submit(ro.ShowOfForce("banbat", "interahamwe", "self_defence"))
    assert option.verdict.status == "allowed" and "waits a day" in option.verdict.reason
    (line,) = dict(model.end_turn().sections)["Your orders"]
    assert line == (
        "Show of force to Interahamwe militia: waiting for approval; it is carried out tomorrow."
    )

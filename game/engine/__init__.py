"""A game as a sequence of turns: the session API, typed events, saves and replays."""

from __future__ import annotations

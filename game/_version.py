"""The application version: the ground floor every layer may import (saves, replays, runs)."""

__version__ = "0.1.0"

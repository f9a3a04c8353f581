"""Build hook: ship the missions and the desktop assets inside the wheel.

The repository keeps ``missions/`` and ``assets/`` at the top level (where authors and
artists work); a source checkout or an editable install reads them there. A wheel has no
repository around it, so the build copies them into ``game/_data/`` and ``game.paths``
falls back to that folder. README screenshots stay out of the wheel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"missions": (), "assets": ("screenshots",)}
"""Top-level folder -> sub-folders left out of the wheel."""


class BuildWithData(build_py):
    """``build_py`` plus the shipped data folders under ``game/_data``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        for folder, skip in SHIPPED.items():
            dest = Path(self.build_lib) / "game" / "_data" / folder
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(
                ROOT / folder, dest, ignore=shutil.ignore_patterns(*skip, "__pycache__")
            )


setup(cmdclass={"build_py": BuildWithData})

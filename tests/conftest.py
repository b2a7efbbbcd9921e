"""Test-wide settings: hypothesis runs derandomized (the same examples every run, so CI is
deterministic); set EMBER_HYPOTHESIS_RANDOM=1 to explore new examples locally."""
import os

from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", derandomize=False, database=None, deadline=None)
settings.load_profile("explore" if os.environ.get("EMBER_HYPOTHESIS_RANDOM") else "deterministic")

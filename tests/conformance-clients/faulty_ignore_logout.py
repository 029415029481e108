#!/usr/bin/env python3
"""The mini LPS with one fault: ignore-logout (see mini_lps.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mini_lps  # noqa: E402

sys.exit(mini_lps.main(["ignore-logout"]))

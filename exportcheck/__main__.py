from __future__ import annotations

from exportcheck.cli import main

main()

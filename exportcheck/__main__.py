from __future__ import annotations

from exportcheck.console import main

main()

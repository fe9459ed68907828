"""The console script (`exportcheck`, `python -m exportcheck`): starts the command line with
the cyclic garbage collector off.

Starting a command imports some hundred modules and reads the compiled rule book: hundreds of
thousands of allocations, nearly all freed by reference counting or kept for the whole run,
during which the collector (a collection every 700 allocations) walks the growing heap again and
again, about 5 % of a small check's start. The checks themselves run with it on, at their own
pace (run.output.few_collections)."""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()  # before the command line's imports, which are the bulk
    from exportcheck.cli import main as run  # noqa: PLC0415 (after the pacing above)

    run()

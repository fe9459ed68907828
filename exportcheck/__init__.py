"""exportcheck: check shipments against China's export controls on battery, EV and rare-earth
supply chains, and explain the verdict."""

from __future__ import annotations

__version__ = "0.1.0"

"""The package version, in one place: the package metadata (pyproject.toml reads it), the
package, `--version`, the audit log and SARIF."""

from __future__ import annotations

__version__ = "0.1.0"

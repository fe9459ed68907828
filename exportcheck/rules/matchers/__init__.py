"""Matchers: the vocabulary of rule tests (docs/rulesets.md#matchers). The registry of leaf tests
and the compiler from ruleset data live in `registry`."""

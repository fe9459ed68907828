"""Reporters: a run's results written for people or programs. The formats are registered in
`formats`; each writer lives in its format's module."""

"""Identify: what each subject of a description is, as the facts the rules read."""

"""Renderers: one module per output format. Each takes generated questions and returns text or bytes."""

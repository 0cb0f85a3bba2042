"""Validation: structure by JSON Schema (schema.py), then meaning by named rules (rules.py)."""

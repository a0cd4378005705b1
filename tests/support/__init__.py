"""Helpers for tests: local servers standing in for the internet."""

"""Routing: from an understood message or a pressed button to the handler that acts on it."""

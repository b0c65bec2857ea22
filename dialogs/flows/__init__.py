"""Flows declared as data, and the engine that runs them with their typed state."""

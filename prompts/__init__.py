"""User-facing wording per language (jinja2 macros and TOML data), and LLM prompt templates."""

from prompts.renderer import LANGUAGES, Renderer

__all__ = ["LANGUAGES", "Renderer"]

"""Small readers of facts in a rep's text: money amounts and dates."""

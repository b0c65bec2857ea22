"""Questions to the coach, answered in plain language and grounded in the deal and the playbook
(ask.py routes each question to its answer)."""

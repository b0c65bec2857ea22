"""What the coach does for a rep or a manager: notes, corrections, deals, stage advice, prep, summaries, pipeline, reminders, admin."""

"""What every chat app's adapter provides, whatever its transport (bolt's threads, PTB's asyncio):

- ``CHANNEL``: the channel's name on Incoming and in the inbox;
- ``replay_stranded(app, inbox)``: feed back the events a dead process acknowledged but did not
  handle (dialogs/inbox.py), returning how many;
- ``deliver_reminders(...)``: send the reminders now due for this channel's users, returning how
  many (claimed first by ``Coach.deliver_due``, so no two processes send one);
- the command menu, from ``bot.menu`` (the coach's one command table).

``tests/bot/test_channel.py`` holds both adapters to it."""

from __future__ import annotations

OPERATIONS = ("CHANNEL", "replay_stranded", "deliver_reminders")

"""The Slack channel: a thin slack-bolt adapter over the coach."""

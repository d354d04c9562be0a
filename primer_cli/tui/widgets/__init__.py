"""Widgets the screens share: the topic tree, a demo's stage and controls, quiz answers."""

"""Newsreader: a keyboard-first desktop newsreader with offline reading and Vietnamese search."""

__version__ = "0.1.0"
APP_NAME = "Newsreader"
APP_ID = "newsreader"

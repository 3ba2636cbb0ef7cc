"""Everything that is not Qt: network, parsing, storage, search and offline reading.

Nothing under this package may import PySide6 or newsreader.ui (checked by a test).
"""

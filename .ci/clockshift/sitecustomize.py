"""Moves every clock a Python process reads SHIFT_DAYS days ahead, its Python children's too.

    SHIFT_DAYS=400 PYTHONPATH=.ci/clockshift .venv/bin/python -m pytest

The date-proof guard of the test suite (the same as ../shared/tools/clockshift): Python imports
this module at start-up when its folder is on PYTHONPATH; with SHIFT_DAYS set it starts
time-machine's travel (time.time, datetime.now, gmtime/localtime; the monotonic clock, sleeps and
timeouts stay real). Children inherit the environment, so CLI subprocesses and parser workers
move too. File times written by the kernel and SQLite's own 'now' do not move — which is the
point: the product must never compare them with its clock.
"""

import os

if os.environ.get("SHIFT_DAYS"):
    import datetime

    import time_machine

    time_machine.travel(datetime.timedelta(days=int(os.environ["SHIFT_DAYS"])), tick=True).start()

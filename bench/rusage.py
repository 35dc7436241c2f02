"""rusage.py -- one command's wall time, CPU and peak RSS, for the
benchmarks that compare assay with another tool.

/usr/bin/time prints user and system time in 10 ms steps, coarser than a
40 ms scan; the kernel keeps them to the nanosecond and wait4() returns
them for exactly the child reaped, its waited-for children included
(oscap-chroot is a script that runs oscap). The peak RSS is still
/usr/bin/time's: Linux carries a process's high-water mark across
execve, so a child forked from this (large) Python process would report
the interpreter's RSS as its own; /usr/bin/time is small and forks the
command itself. So the command runs under /usr/bin/time, its RSS is read
from there, and the CPU of both from wait4 (time's own is a fraction of
a millisecond).
"""

import os
import subprocess
import tempfile
import time


def measured(cmd, env=None):
    """Run CMD to its end; (CompletedProcess with text stdout and stderr,
    wall s, user+sys CPU s, peak RSS KiB or 0)."""
    with tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as tf:
        t0 = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", tf.name] +
                             cmd, stdout=out, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(
            cmd, p.returncode, out.read().decode(errors="replace"),
            err.read().decode(errors="replace"))
        try:
            rss = int(tf.read().split()[-1])
        except (IndexError, ValueError):
            rss = 0
    return done, wall, ru.ru_utime + ru.ru_stime, rss

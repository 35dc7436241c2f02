# description: log files exist, but one is world-readable, one owned by a user, one of group root
# documented: rsyslog_files_ownership oscap=pass assay=fail: SSG's ownership pattern runs over several lines and checks only user.log, mail.err and messages of Debian's rsyslog.conf, not syslog
for f in auth.log syslog daemon.log kern.log lpr.log mail.log user.log mail.info mail.warn mail.err debug messages; do
	: >"$ROOT/var/log/$f"; chown 0:4 "$ROOT/var/log/$f"; chmod 0640 "$ROOT/var/log/$f"
done
chmod 0644 "$ROOT/var/log/auth.log"
chown 1000 "$ROOT/var/log/syslog"
chgrp 0 "$ROOT/var/log/kern.log"

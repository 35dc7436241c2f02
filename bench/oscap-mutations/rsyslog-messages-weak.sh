# description: log files exist, root:adm 0640, except /var/log/messages which is 0644 and group root
# documented: rsyslog_files_permissions oscap=pass assay=fail: SSG's pattern skips action lines starting with white space, so it never sees /var/log/messages (a continued entry of Debian's rsyslog.conf)
# documented: rsyslog_files_groupownership oscap=pass assay=fail: SSG's pattern skips action lines starting with white space, so it never sees /var/log/messages (a continued entry of Debian's rsyslog.conf)
for f in auth.log syslog daemon.log kern.log lpr.log mail.log user.log mail.info mail.warn mail.err debug messages; do
	: >"$ROOT/var/log/$f"; chown 0:4 "$ROOT/var/log/$f"; chmod 0640 "$ROOT/var/log/$f"
done
chmod 0644 "$ROOT/var/log/messages"
chgrp 0 "$ROOT/var/log/messages"

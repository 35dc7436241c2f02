# description: the log files rsyslog writes exist, root:adm 0640, as rsyslog creates them
for f in auth.log syslog daemon.log kern.log lpr.log mail.log user.log mail.info mail.warn mail.err debug messages; do
	: >"$ROOT/var/log/$f"; chown 0:4 "$ROOT/var/log/$f"; chmod 0640 "$ROOT/var/log/$f"
done

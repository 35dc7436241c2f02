# description: log files exist, root:adm 0600 (stricter than asked)
# documented: rsyslog_files_permissions oscap=fail assay=pass: SSG's state requires the group-read bit, so a stricter 0600 file fails; its description asks for 0640 or more restrictive
for f in auth.log syslog daemon.log kern.log lpr.log mail.log user.log mail.info mail.warn mail.err debug messages; do
	: >"$ROOT/var/log/$f"; chown 0:4 "$ROOT/var/log/$f"; chmod 0600 "$ROOT/var/log/$f"
done

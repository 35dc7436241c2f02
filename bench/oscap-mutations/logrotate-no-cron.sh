# description: logrotate.conf rotates daily, but /etc/cron.daily/logrotate is gone; logrotate.timer (enabled by the logrotate package) runs it
# documented: ensure_logrotate_activated oscap=fail assay=pass: on a systemd root logrotate runs from logrotate.timer (Debian's cron.daily script exits at once when systemd runs); SSG's OVAL wants the cron script whatever the init system
sed -i 's/^weekly$/daily/' "$ROOT/etc/logrotate.conf"
rm -f "$ROOT/etc/cron.daily/logrotate"

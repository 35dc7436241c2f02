# description: logrotate.conf rotates daily, the cron.daily script is there, but logrotate.timer is disabled: under systemd the script exits at once, so nothing rotates
# documented: ensure_logrotate_activated oscap=pass assay=fail: Debian's /etc/cron.daily/logrotate exits when systemd runs, in favour of logrotate.timer, which is disabled here; SSG's OVAL only looks at the script
sed -i 's/^weekly$/daily/' "$ROOT/etc/logrotate.conf"
rm -f "$ROOT/etc/systemd/system/timers.target.wants/logrotate.timer"

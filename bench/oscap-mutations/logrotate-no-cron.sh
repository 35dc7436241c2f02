# description: logrotate.conf rotates daily, but /etc/cron.daily/logrotate is gone
sed -i 's/^weekly$/daily/' "$ROOT/etc/logrotate.conf"
rm -f "$ROOT/etc/cron.daily/logrotate"

# description: logrotate.conf rotates daily
sed -i 's/^weekly$/daily/' "$ROOT/etc/logrotate.conf"

# description: auditd, cron, ntp and rsyslog removed (config files left)
dpkg_remove auditd
dpkg_remove cron
dpkg_remove ntp
dpkg_remove rsyslog

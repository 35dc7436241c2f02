# description: auditd, cron, ntp and rsyslog not enabled (wants links removed)
rm -f "$ROOT"/etc/systemd/system/multi-user.target.wants/auditd.service \
    "$ROOT"/etc/systemd/system/multi-user.target.wants/cron.service \
    "$ROOT"/etc/systemd/system/multi-user.target.wants/ntp.service \
    "$ROOT"/etc/systemd/system/multi-user.target.wants/rsyslog.service \
    "$ROOT"/etc/systemd/system/syslog.service

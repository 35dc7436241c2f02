# description: sshd_config is hardened but a drop-in, read first, turns root login back on
# documented: sshd_disable_root_login oscap=pass assay=fail: the drop-in's PermitRootLogin yes wins (sshd keeps the first value); OpenSCAP does not read it
sshd_set PermitRootLogin no
sshd_set PermitEmptyPasswords no
sshd_set ClientAliveInterval 300
sshd_set ClientAliveCountMax 0
printf 'PermitRootLogin yes\n' >"$ROOT/etc/ssh/sshd_config.d/10-cloud.conf"

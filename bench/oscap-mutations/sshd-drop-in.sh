# description: the SSH settings are in /etc/ssh/sshd_config.d/ (Debian 11 includes it first)
# documented: sshd_disable_root_login oscap=fail assay=pass: OpenSCAP reads /etc/ssh/sshd_config only, not the Include'd drop-ins
# documented: sshd_disable_empty_passwords oscap=fail assay=pass: OpenSCAP reads /etc/ssh/sshd_config only, not the Include'd drop-ins
# documented: sshd_set_idle_timeout oscap=fail assay=pass: OpenSCAP reads /etc/ssh/sshd_config only, not the Include'd drop-ins
# documented: sshd_set_keepalive_0 oscap=fail assay=pass: OpenSCAP reads /etc/ssh/sshd_config only, not the Include'd drop-ins
cat >"$ROOT/etc/ssh/sshd_config.d/50-hardening.conf" <<'X'
PermitRootLogin no
PermitEmptyPasswords no
ClientAliveInterval 300
ClientAliveCountMax 0
X

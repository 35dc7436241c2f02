# description: sshd_config sets every SSH keyword the profile asks for
sshd_set PermitRootLogin no
sshd_set PermitEmptyPasswords no
sshd_set ClientAliveInterval 300
sshd_set ClientAliveCountMax 0

# description: sshd_config sets the SSH keywords to values the profile forbids
sshd_set PermitRootLogin yes
sshd_set PermitEmptyPasswords yes
sshd_set ClientAliveInterval 900
sshd_set ClientAliveCountMax 3

# description: sshd_config writes valid values the way sshd also accepts them ("No", "5m", "=")
# documented: sshd_disable_root_login oscap=fail assay=pass: sshd reads yes/no case-insensitively; SSG's state wants exactly "no"
# documented: sshd_set_idle_timeout oscap=fail assay=pass: sshd reads "5m" as 300 seconds; SSG's pattern accepts digits only
# documented: sshd_disable_empty_passwords oscap=fail assay=pass: sshd accepts "Keyword=value"; SSG's pattern wants white space after the keyword
sshd_set PermitRootLogin No
sshd_set ClientAliveInterval 5m
sshd_set ClientAliveCountMax 0
sed -i '/PermitEmptyPasswords/Id' "$ROOT/etc/ssh/sshd_config"
printf 'PermitEmptyPasswords=no\n' >>"$ROOT/etc/ssh/sshd_config"

# description: a second uid 0 account with an empty password (no rule of the SSG standard profile covers it)
printf 'toor:x:0:0:root:/root:/bin/bash\n' >>"$ROOT/etc/passwd"
printf 'toor::19000:0:99999:7:::\n' >>"$ROOT/etc/shadow"

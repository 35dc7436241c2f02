# description: wrong modes, owners and groups on the account databases
chmod 0666 "$ROOT/etc/passwd"
chmod 0644 "$ROOT/etc/shadow"
chown 1000 "$ROOT/etc/group"
chgrp 0 "$ROOT/etc/gshadow"
chown 0:1000 "$ROOT/etc/passwd"
chmod 2640 "$ROOT/etc/gshadow"

# description: stricter modes than required on the account databases
chmod 0600 "$ROOT/etc/passwd" "$ROOT/etc/group"
chmod 0000 "$ROOT/etc/shadow" "$ROOT/etc/gshadow"

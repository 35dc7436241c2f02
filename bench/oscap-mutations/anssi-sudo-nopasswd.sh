# description: a sudoers.d file grants NOPASSWD and turns authentication off
printf '%%ops ALL=(ALL:ALL) NOPASSWD: ALL\nDefaults:ops !authenticate\n' >"$ROOT/etc/sudoers.d/ops"
chmod 0440 "$ROOT/etc/sudoers.d/ops"

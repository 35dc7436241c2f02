# description: a world-readable /boot/System.map (as the kernel package installs it)
printf 'ffffffff81000000 T _text\n' >"$ROOT/boot/System.map-5.10.0-28-amd64"
chmod 0644 "$ROOT/boot/System.map-5.10.0-28-amd64"

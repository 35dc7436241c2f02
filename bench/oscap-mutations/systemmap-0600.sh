# description: /boot/System.map readable by root only
printf 'ffffffff81000000 T _text\n' >"$ROOT/boot/System.map-5.10.0-28-amd64"
chmod 0600 "$ROOT/boot/System.map-5.10.0-28-amd64"

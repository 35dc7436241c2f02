# description: sources.list has bullseye main and bullseye-security main from debian.org
printf 'deb http://deb.debian.org/debian bullseye main\ndeb http://security.debian.org/debian-security bullseye-security main\n' \
    >"$ROOT/etc/apt/sources.list"

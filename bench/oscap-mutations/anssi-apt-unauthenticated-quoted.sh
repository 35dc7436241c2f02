# description: /etc/apt/apt.conf allows unauthenticated packages, written as apt.conf(5) documents it
# documented: apt_conf_disallow_unauthenticated oscap=pass assay=fail: the SSG check reads /etc/apt/apt/apt.conf (a typo) and wants the value unquoted
printf 'APT::Get::AllowUnauthenticated "true";\n' >"$ROOT/etc/apt/apt.conf"

# description: an apt.conf.d file allows unauthenticated packages (unquoted value, as SSG's pattern expects)
# documented: apt_conf_disallow_unauthenticated oscap=pass assay=fail: the line matches SSG's pattern, yet OpenSCAP passes: its object selects files by a filepath regex (^/etc/apt/apt.conf.d/.*$), which found no file under oscap-chroot in our runs
printf 'APT::Get::AllowUnauthenticated true;\n' >"$ROOT/etc/apt/apt.conf.d/99unauth"

# description: a sysctl.d file sorting after protect-links.conf turns the protections off
printf 'fs.protected_hardlinks = 0\nfs.protected_symlinks = 0\nfs.suid_dumpable = 2\nkernel.randomize_va_space = 0\n' \
    >"$ROOT/etc/sysctl.d/zz-weak.conf"

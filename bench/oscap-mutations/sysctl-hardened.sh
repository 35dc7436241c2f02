# description: a sysctl.d file sets fs.suid_dumpable = 0 and kernel.randomize_va_space = 2
printf 'fs.suid_dumpable = 0\nkernel.randomize_va_space = 2\n' \
    >"$ROOT/etc/sysctl.d/60-hardening.conf"

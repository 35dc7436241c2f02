# description: a weak value set early is overridden by a later file, so the applied value is right, but the key is set to two values (both tools fail: CIS "no conflicting settings", SSG's test scenarios)
printf 'fs.protected_hardlinks = 0\nfs.suid_dumpable = 2\n' >"$ROOT/etc/sysctl.d/10-vendor.conf"
printf 'fs.suid_dumpable = 0\nkernel.randomize_va_space = 2\n' >"$ROOT/etc/sysctl.d/60-hardening.conf"

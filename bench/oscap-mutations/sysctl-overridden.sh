# description: a weak value set early is overridden by a later file, so the applied value is right
# documented: sysctl_fs_protected_hardlinks oscap=fail assay=pass: OpenSCAP fails any assignment of a wrong value, even one a later file overrides; systemd-sysctl applies the last one (1)
# documented: sysctl_fs_suid_dumpable oscap=fail assay=pass: OpenSCAP fails any assignment of a wrong value, even one a later file overrides; systemd-sysctl applies the last one (0)
printf 'fs.protected_hardlinks = 0\nfs.suid_dumpable = 2\n' >"$ROOT/etc/sysctl.d/10-vendor.conf"
printf 'fs.suid_dumpable = 0\nkernel.randomize_va_space = 2\n' >"$ROOT/etc/sysctl.d/60-hardening.conf"

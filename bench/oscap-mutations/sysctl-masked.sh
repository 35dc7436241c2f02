# description: /etc/sysctl.d/protect-links.conf -> /dev/null masks procps' file, so nothing sets the link protections
# documented: sysctl_fs_protected_hardlinks oscap=pass assay=fail: systemd-sysctl skips a /usr/lib/sysctl.d file masked by /etc/sysctl.d/NAME -> /dev/null; OpenSCAP still reads it
# documented: sysctl_fs_protected_symlinks oscap=pass assay=fail: systemd-sysctl skips a /usr/lib/sysctl.d file masked by /etc/sysctl.d/NAME -> /dev/null; OpenSCAP still reads it
ln -s /dev/null "$ROOT/etc/sysctl.d/protect-links.conf"

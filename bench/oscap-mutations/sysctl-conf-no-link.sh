# description: /etc/sysctl.d/99-sysctl.conf is gone, so systemd-sysctl never reads /etc/sysctl.conf, whose weak value is not applied
# documented: sysctl_fs_protected_hardlinks oscap=fail assay=pass: systemd-sysctl reads /etc/sysctl.conf only through the 99-sysctl.conf link; without it the weak value there is never applied (procps' protect-links.conf sets 1); OpenSCAP reads /etc/sysctl.conf whatever the links
rm -f "$ROOT/etc/sysctl.d/99-sysctl.conf"
printf 'fs.protected_hardlinks = 0\n' >>"$ROOT/etc/sysctl.conf"

# description: the log files rsyslog writes exist, root:adm 0640, as rsyslog creates them
# documented: rsyslog_files_groupownership oscap=fail assay=pass profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: the definition extends package_rsyslog_installed, which OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md)
# documented: rsyslog_files_permissions oscap=fail assay=pass profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: the definition extends package_rsyslog_installed, which OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md)
for f in auth.log syslog daemon.log kern.log lpr.log mail.log user.log mail.info mail.warn mail.err debug messages; do
	: >"$ROOT/var/log/$f"; chown 0:4 "$ROOT/var/log/$f"; chmod 0640 "$ROOT/var/log/$f"
done

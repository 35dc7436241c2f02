# description: /etc/fstab mounts /home, /tmp, /var, /var/log and /var/log/audit separately
# documented: partition_for_home oscap=fail assay=pass: OpenSCAP reads the running mount table (ROOT/proc/mounts), empty offline; assay reads /etc/fstab
# documented: partition_for_tmp oscap=fail assay=pass: OpenSCAP reads the running mount table (ROOT/proc/mounts), empty offline; assay reads /etc/fstab
# documented: partition_for_var oscap=fail assay=pass: OpenSCAP reads the running mount table (ROOT/proc/mounts), empty offline; assay reads /etc/fstab
# documented: partition_for_var_log oscap=fail assay=pass: OpenSCAP reads the running mount table (ROOT/proc/mounts), empty offline; assay reads /etc/fstab
# documented: partition_for_var_log_audit oscap=fail assay=pass: OpenSCAP reads the running mount table (ROOT/proc/mounts), empty offline; assay reads /etc/fstab
cat >"$ROOT/etc/fstab" <<'X'
UUID=0b4f6b1c-0000-4000-8000-000000000001 /               ext4 errors=remount-ro 0 1
UUID=0b4f6b1c-0000-4000-8000-000000000002 /home           ext4 nodev,nosuid      0 2
UUID=0b4f6b1c-0000-4000-8000-000000000003 /var            ext4 defaults          0 2
UUID=0b4f6b1c-0000-4000-8000-000000000004 /var/log        ext4 defaults          0 2
UUID=0b4f6b1c-0000-4000-8000-000000000005 /var/log/audit  ext4 defaults          0 2
tmpfs                                     /tmp            tmpfs nodev,nosuid,noexec 0 0
X

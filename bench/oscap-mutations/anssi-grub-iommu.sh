# description: /etc/default/grub boots with iommu=force
printf 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="iommu=force"\n' \
    >"$ROOT/etc/default/grub"

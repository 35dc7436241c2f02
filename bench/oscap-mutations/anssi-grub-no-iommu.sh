# description: /etc/default/grub without iommu=force
printf 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet iommu=force"\nGRUB_CMDLINE_LINUX=""\n' \
    >"$ROOT/etc/default/grub"

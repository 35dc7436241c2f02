# description: only inetutils-telnetd installed: one SSG rule fails, the two other telnet rules pass
# documented: package_inetutils-telnetd_removed oscap=pass assay=fail profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md), so the installed inetutils-telnetd looks absent
dpkg_add inetutils-telnetd 2:2.0-1+deb11u1

# description: telnet servers, ntpdate and nis installed (dpkg status entries)
# documented: package_inetutils-telnetd_removed oscap=pass assay=fail profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md), so the installed inetutils-telnetd looks absent
# documented: package_nis_removed oscap=pass assay=fail profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md), so the installed nis looks absent
# documented: package_ntpdate_removed oscap=pass assay=fail profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md), so the installed ntpdate looks absent
# documented: package_telnetd-ssl_removed oscap=pass assay=fail profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md), so the installed telnetd-ssl looks absent
# documented: package_telnetd_removed oscap=pass assay=fail profiles=anssi_np_nt28_average,anssi_np_nt28_minimal: OpenSCAP's dpkginfo probe fails for every query of these profiles' runs under oscap-chroot (docs/openscap.md), so the installed telnetd looks absent
dpkg_add telnetd 0.17-42
dpkg_add inetutils-telnetd 2:2.0-1+deb11u1
dpkg_add telnetd-ssl 0.17.41+0.2-3.3
dpkg_add ntpdate 1:4.2.8p15+dfsg-1
dpkg_add nis 4.6

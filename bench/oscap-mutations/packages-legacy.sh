# description: telnet servers, ntpdate and nis installed (dpkg status entries)
dpkg_add telnetd 0.17-42
dpkg_add inetutils-telnetd 2:2.0-1+deb11u1
dpkg_add telnetd-ssl 0.17.41+0.2-3.3
dpkg_add ntpdate 1:4.2.8p15+dfsg-1
dpkg_add nis 4.6

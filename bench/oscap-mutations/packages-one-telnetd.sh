# description: only inetutils-telnetd installed: one SSG rule fails, the two other telnet rules pass
dpkg_add inetutils-telnetd 2:2.0-1+deb11u1

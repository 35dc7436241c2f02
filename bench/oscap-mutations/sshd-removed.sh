# description: openssh-server is removed (config files left); the SSH rules pass in SSG, are notapplicable in assay
dpkg_remove openssh-server

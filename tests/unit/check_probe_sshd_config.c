/*
 * check_probe_sshd_config.c -- the sshd_config probe against built roots:
 * Debian 12's stock file and its drop-in directory, Match blocks, nested
 * and cyclic Includes, the keyword syntax, defaults and hostile files.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assay/probe.h"
#include "assay/xmem.h"
#include "testutil.h"

/* Debian 12's /etc/ssh/sshd_config as openssh-server 1:9.2p1-2 ships it. */
static const char debian12_sshd_config[] =
    "\n"
    "# This is the sshd server system-wide configuration file.  See\n"
    "# sshd_config(5) for more information.\n"
    "\n"
    "# This sshd was compiled with "
    "PATH=/usr/local/bin:/usr/bin:/bin:/usr/games\n"
    "\n"
    "# The strategy used for options in the default sshd_config shipped "
    "with\n"
    "# OpenSSH is to specify options with their default value where\n"
    "# possible, but leave them commented.  Uncommented options override "
    "the\n"
    "# default value.\n"
    "\n"
    "Include /etc/ssh/sshd_config.d/*.conf\n"
    "\n"
    "#Port 22\n"
    "#AddressFamily any\n"
    "#ListenAddress 0.0.0.0\n"
    "#ListenAddress ::\n"
    "\n"
    "#HostKey /etc/ssh/ssh_host_rsa_key\n"
    "#HostKey /etc/ssh/ssh_host_ecdsa_key\n"
    "#HostKey /etc/ssh/ssh_host_ed25519_key\n"
    "\n"
    "# Ciphers and keying\n"
    "#RekeyLimit default none\n"
    "\n"
    "# Logging\n"
    "#SyslogFacility AUTH\n"
    "#LogLevel INFO\n"
    "\n"
    "# Authentication:\n"
    "\n"
    "#LoginGraceTime 2m\n"
    "#PermitRootLogin prohibit-password\n"
    "#StrictModes yes\n"
    "#MaxAuthTries 6\n"
    "#MaxSessions 10\n"
    "\n"
    "#PubkeyAuthentication yes\n"
    "\n"
    "# Expect .ssh/authorized_keys2 to be disregarded by default in "
    "future.\n"
    "#AuthorizedKeysFile\t.ssh/authorized_keys .ssh/authorized_keys2\n"
    "\n"
    "#AuthorizedPrincipalsFile none\n"
    "\n"
    "#AuthorizedKeysCommand none\n"
    "#AuthorizedKeysCommandUser nobody\n"
    "\n"
    "# For this to work you will also need host keys in "
    "/etc/ssh/ssh_known_hosts\n"
    "#HostbasedAuthentication no\n"
    "# Change to yes if you don't trust ~/.ssh/known_hosts for\n"
    "# HostbasedAuthentication\n"
    "#IgnoreUserKnownHosts no\n"
    "# Don't read the user's ~/.rhosts and ~/.shosts files\n"
    "#IgnoreRhosts yes\n"
    "\n"
    "# To disable tunneled clear text passwords, change to no here!\n"
    "#PasswordAuthentication yes\n"
    "#PermitEmptyPasswords no\n"
    "\n"
    "# Change to yes to enable keyboard-interactive authentication "
    "(beware issues\n"
    "# with some PAM modules and threads)\n"
    "KbdInteractiveAuthentication no\n"
    "\n"
    "# Kerberos options\n"
    "#KerberosAuthentication no\n"
    "#KerberosOrLocalPasswd yes\n"
    "#KerberosTicketCleanup yes\n"
    "#KerberosGetAFSToken no\n"
    "\n"
    "# GSSAPI options\n"
    "#GSSAPIAuthentication no\n"
    "#GSSAPICleanupCredentials yes\n"
    "#GSSAPIStrictAcceptorCheck yes\n"
    "#GSSAPIKeyExchange no\n"
    "\n"
    "# Set this to 'yes' to enable PAM authentication, account "
    "processing,\n"
    "# and session processing. If this is enabled, PAM authentication "
    "will\n"
    "# be allowed through the KbdInteractiveAuthentication and\n"
    "# PasswordAuthentication.  Depending on your PAM configuration,\n"
    "# PAM authentication via KbdInteractiveAuthentication may bypass\n"
    "# the setting of \"PermitRootLogin prohibit-password\".\n"
    "# If you just want the PAM account and session checks to run "
    "without\n"
    "# PAM authentication, then enable this but set "
    "PasswordAuthentication\n"
    "# and KbdInteractiveAuthentication to 'no'.\n"
    "UsePAM yes\n"
    "\n"
    "#AllowAgentForwarding yes\n"
    "#AllowTcpForwarding yes\n"
    "#GatewayPorts no\n"
    "X11Forwarding yes\n"
    "#X11DisplayOffset 10\n"
    "#X11UseLocalhost yes\n"
    "#PermitTTY yes\n"
    "PrintMotd no\n"
    "#PrintLastLog yes\n"
    "#TCPKeepAlive yes\n"
    "#PermitUserEnvironment no\n"
    "#Compression delayed\n"
    "#ClientAliveInterval 0\n"
    "#ClientAliveCountMax 3\n"
    "#UseDNS no\n"
    "#PidFile /run/sshd.pid\n"
    "#MaxStartups 10:30:100\n"
    "#PermitTunnel no\n"
    "#ChrootDirectory none\n"
    "#VersionAddendum none\n"
    "\n"
    "# no default banner path\n"
    "#Banner none\n"
    "\n"
    "# Allow client to pass locale environment variables\n"
    "AcceptEnv LANG LC_*\n"
    "\n"
    "# override default of no subsystems\n"
    "Subsystem\tsftp\t/usr/lib/openssh/sftp-server\n"
    "\n"
    "# Example of overriding settings on a per-user basis\n"
    "#Match User anoncvs\n"
    "#\tX11Forwarding no\n"
    "#\tAllowTcpForwarding no\n"
    "#\tPermitTTY no\n"
    "#\tForceCommand cvs server\n";

#define MAIN "/etc/ssh/sshd_config"

/* TEXT with the first FROM replaced by TO (malloc'd). */
static char *
subst(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);

	ck_assert_msg(p != NULL, "fixture lacks %s", from);
	return xasprintf("%.*s%s%s", (int)(p - text), text, to,
	    p + strlen(from));
}

/* 1-based number of the line of TEXT that starts with NEEDLE. */
static unsigned
line_of(const char *text, const char *needle)
{
	unsigned n = 1;
	size_t len = strlen(needle);

	for (const char *p = text; *p != '\0'; n++) {
		const char *nl = strchr(p, '\n');

		if (strncmp(p, needle, len) == 0)
			return n;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	ck_abort_msg("no line starts with %s", needle);
	return 0;
}

static int
run(const char *yaml, struct evlist *ev)
{
	return tu_run("sshd_config", yaml, ev);
}

static void
debian_root(const char *main_text)
{
	tu_write(tu_root, MAIN, main_text, 0644);
	tu_mkdir(tu_root, "/etc/ssh/sshd_config.d", 0755);
}

/*
 * Debian 12 stock configuration.
 */

START_TEST(test_sshd_stock_unset_key_is_compiled_in_default)
{
	struct evlist ev;

	debian_root(debian12_sshd_config);
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "prohibit-password}}", &ev), ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0].message, "PermitRootLogin prohibit-password "
	    "(/etc/ssh/sshd_config and its includes do not set it; "
	    "OpenSSH 9.2 (Debian 12) compiled-in default; the openssh-server "
	    "version is unknown (no package record), the newest table is "
	    "used)");
	ck_assert_str_eq(ev.v[0].found, "prohibit-password");
	ck_assert_ptr_nonnull(ev.v[0].expected);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_stock_set_key_names_file_and_line)
{
	struct evlist ev;
	char *msg;

	debian_root(debian12_sshd_config);
	ck_assert_int_eq(run("{key: KbdInteractiveAuthentication, expect: "
	    "{equals: \"no\"}}", &ev), ST_PASS);
	msg = xasprintf("KbdInteractiveAuthentication no at %s:%u", MAIN,
	    line_of(debian12_sshd_config, "KbdInteractiveAuthentication"));
	ck_assert_str_eq(ev.v[0].message, msg);
	ck_assert_str_eq(ev.v[0].path, MAIN);
	ck_assert_uint_eq(ev.v[0].line, line_of(debian12_sshd_config,
	    "KbdInteractiveAuthentication"));
	free(msg);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_stock_x11_forwarding_fails_with_values)
{
	struct evlist ev;

	debian_root(debian12_sshd_config);
	ck_assert_int_eq(run("{key: x11forwarding, expect: {equals: \"no\"}}",
	    &ev), ST_FAIL);
	ck_assert_str_eq(ev.v[0].found, "yes");
	ck_assert_ptr_nonnull(ev.v[0].expected);
	ck_assert(tu_ev_has(&ev, "X11Forwarding yes at /etc/ssh/sshd_config:"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_stock_accumulating_keywords_join_values)
{
	struct evlist ev;

	debian_root(debian12_sshd_config);
	ck_assert_int_eq(run("{key: AcceptEnv, expect: {equals: \"LANG "
	    "LC_*\"}}", &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{key: Subsystem, expect: {equals: \"sftp "
	    "/usr/lib/openssh/sftp-server\"}}", &ev), ST_PASS);
	evlist_release(&ev);
}
END_TEST

/* A cloud-init drop-in is included at the top of the main file, so its
 * value is obtained first and wins over the main file's later line. */
START_TEST(test_sshd_cloud_init_dropin_wins_over_main_file)
{
	struct evlist ev;
	char *text = subst(debian12_sshd_config, "#PasswordAuthentication yes",
	    "PasswordAuthentication no");
	char *msg;

	debian_root(text);
	tu_write(tu_root, "/etc/ssh/sshd_config.d/50-cloud-init.conf",
	    "PasswordAuthentication yes\n", 0600);
	ck_assert_int_eq(run("{key: PasswordAuthentication, expect: {equals: "
	    "\"no\"}}", &ev), ST_FAIL);
	msg = xasprintf("PasswordAuthentication yes at "
	    "/etc/ssh/sshd_config.d/50-cloud-init.conf:1 (first value wins; "
	    "also set at %s:%u (\"no\"))", MAIN,
	    line_of(text, "PasswordAuthentication no"));
	ck_assert_str_eq(ev.v[0].message, msg);
	ck_assert_str_eq(ev.v[0].path,
	    "/etc/ssh/sshd_config.d/50-cloud-init.conf");
	ck_assert_uint_eq(ev.v[0].line, 1);
	ck_assert_str_eq(ev.v[0].found, "yes");
	free(msg);
	/* the later, conflicting line is named as context */
	ck_assert_int_eq(ev.n, 2);
	msg = xasprintf("ignored: PasswordAuthentication no at %s:%u "
	    "conflicts with the effective yes at "
	    "/etc/ssh/sshd_config.d/50-cloud-init.conf:1 (sshd keeps the "
	    "first value)", MAIN, line_of(text, "PasswordAuthentication no"));
	ck_assert_str_eq(ev.v[1].message, msg);
	ck_assert_str_eq(ev.v[1].path, MAIN);
	free(msg);
	free(text);
	evlist_release(&ev);
}
END_TEST

/* Drop-ins are read in sorted order: 10-a.conf before 50-b.conf. */
START_TEST(test_sshd_dropins_read_in_sorted_order)
{
	struct evlist ev;

	debian_root(debian12_sshd_config);
	tu_write(tu_root, "/etc/ssh/sshd_config.d/50-b.conf",
	    "MaxAuthTries 6\n", 0644);
	tu_write(tu_root, "/etc/ssh/sshd_config.d/10-a.conf",
	    "MaxAuthTries 3\n", 0644);
	tu_write(tu_root, "/etc/ssh/sshd_config.d/00-ignored.txt",
	    "MaxAuthTries 9\n", 0644);
	ck_assert_int_eq(run("{key: MaxAuthTries, expect: {at_most: 4}}",
	    &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].found, "3");
	ck_assert_str_eq(ev.v[0].path, "/etc/ssh/sshd_config.d/10-a.conf");
	evlist_release(&ev);
}
END_TEST

/*
 * Match blocks.
 */

static const char match_config[] =
    "PermitRootLogin no\n"
    "X11Forwarding no\n"
    "Match User backup,svc-*\n"
    "\tX11Forwarding yes\n"
    "\tPermitRootLogin yes\n"
    "Match Address 10.0.0.0/8,!10.9.0.0/16\n"
    "\tPasswordAuthentication no\n"
    "Match Group sftponly\n"
    "\tForceCommand internal-sftp -l INFO\n"
    "Match Host *.example.com\n"
    "\tBanner /etc/issue.net\n"
    "Match LocalPort 2222 User *,!root\n"
    "\tMaxAuthTries 2\n"
    "Match LocalAddress 192.0.2.0/24\n"
    "\tCiphers aes256-ctr\n"
    "\tAllowUsers ops\n"
    "Match all\n"
    "ClientAliveInterval 5m\n";

static const struct {
	const char	*key;
	const char	*match;		/* YAML, or NULL */
	const char	*found;
} match_cases[] = {
	/* Without criteria only the global section (and Match all). */
	{ "X11Forwarding", NULL, "no" },
	{ "PasswordAuthentication", NULL, "yes" },
	{ "ClientAliveInterval", NULL, "300" },
	{ "X11Forwarding", "{user: backup}", "yes" },
	{ "X11Forwarding", "{user: svc-web}", "yes" },
	{ "X11Forwarding", "{user: alice}", "no" },
	{ "PermitRootLogin", "{user: backup}", "yes" },
	{ "PermitRootLogin", "{user: alice}", "no" },
	{ "PasswordAuthentication", "{address: 10.1.2.3}", "no" },
	{ "PasswordAuthentication", "{address: 10.9.1.1}", "yes" },
	{ "PasswordAuthentication", "{address: 192.168.1.1}", "yes" },
	{ "PasswordAuthentication", "{user: alice}", "yes" },
	{ "ForceCommand", "{user: carol}", "internal-sftp -l INFO" },
	{ "ForceCommand", "{user: dave}", "internal-sftp -l INFO" },
	{ "ForceCommand", "{user: alice}", "none" },
	{ "ForceCommand", "{group: [staff, sftponly]}",
	    "internal-sftp -l INFO" },
	{ "Banner", "{host: Web1.EXAMPLE.com}", "/etc/issue.net" },
	{ "Banner", "{host: example.org}", "none" },
	{ "MaxAuthTries", "{local_port: 2222, user: alice}", "2" },
	{ "MaxAuthTries", "{local_port: 2222, user: root}", "6" },
	{ "MaxAuthTries", "{local_port: 22, user: alice}", "6" },
	{ "MaxAuthTries", "{local_port: 2222}", "6" },
	/* Ciphers is not allowed in Match: the global value stays. */
	{ "Ciphers", "{local_address: 192.0.2.7}",
	    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	    "aes128-gcm@openssh.com,aes256-gcm@openssh.com" },
	{ "AllowUsers", "{local_address: 192.0.2.7}", "ops" },
	{ "AllowUsers", "{local_address: \"2001:db8::1\"}", "" },
};

START_TEST(test_sshd_match_blocks_apply_to_matching_connections)
{
	struct evlist ev;
	char *yaml;

	tu_write(tu_root, MAIN, match_config, 0644);
	/* carol: member of sftponly; dave: sftponly is his primary group. */
	tu_write(tu_root, "/etc/passwd", "root:x:0:0::/root:/bin/bash\n"
	    "carol:x:1001:1001::/home/carol:/bin/sh\n"
	    "dave:x:1002:2000::/home/dave:/bin/sh\n"
	    "alice:x:1003:1003::/home/alice:/bin/sh\n", 0644);
	tu_write(tu_root, "/etc/group", "root:x:0:\ncarol:x:1001:\n"
	    "sftponly:x:2000:bob,carol\nalice:x:1003:\n", 0644);
	if (match_cases[_i].match != NULL)
		yaml = xasprintf("{key: %s, match: %s, expect: "
		    "{equals: \"%s\"}}", match_cases[_i].key,
		    match_cases[_i].match, match_cases[_i].found);
	else
		yaml = xasprintf("{key: %s, expect: {equals: \"%s\"}}",
		    match_cases[_i].key, match_cases[_i].found);
	ck_assert_msg(run(yaml, &ev) == ST_PASS, "%s: %s", yaml,
	    ev.n > 0 ? ev.v[0].message : "(no evidence)");
	ck_assert_str_eq(ev.v[0].found, match_cases[_i].found);
	free(yaml);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_match_evidence_names_block_and_global_value)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, match_config, 0644);
	ck_assert_int_eq(run("{key: PermitRootLogin, match: {user: backup}, "
	    "expect: {equals: \"no\"}}", &ev), ST_FAIL);
	ck_assert_str_eq(ev.v[0].message, "PermitRootLogin yes at "
	    "/etc/ssh/sshd_config:5 in Match User backup,svc-* at "
	    "/etc/ssh/sshd_config:3; overrides the global value \"no\" at "
	    "/etc/ssh/sshd_config:1");
	evlist_release(&ev);
}
END_TEST

/* An Include inside a Match block belongs to that block; a Match inside
 * an included file ends with that file. */
START_TEST(test_sshd_include_inside_match_applies_to_that_match)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, "Match User backup\n"
	    "\tInclude backup.conf\n"
	    "\tMaxSessions 4\n"
	    "Match all\n"
	    "Include global.conf\n"
	    "X11Forwarding yes\n", 0644);
	tu_write(tu_root, "/etc/ssh/backup.conf", "AllowTcpForwarding no\n",
	    0644);
	tu_write(tu_root, "/etc/ssh/global.conf", "Match User nobody\n"
	    "X11Forwarding no\n", 0644);
	ck_assert_int_eq(run("{key: AllowTcpForwarding, expect: {equals: "
	    "\"yes\"}}", &ev), ST_PASS);
	evlist_release(&ev);
	ck_assert_int_eq(run("{key: AllowTcpForwarding, match: {user: backup}, "
	    "expect: {equals: \"no\"}}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].path, "/etc/ssh/backup.conf");
	evlist_release(&ev);
	ck_assert_int_eq(run("{key: MaxSessions, match: {user: backup}, "
	    "expect: {equals: \"4\"}}", &ev), ST_PASS);
	evlist_release(&ev);
	/* global.conf's Match does not swallow the main file's last line. */
	ck_assert_int_eq(run("{key: X11Forwarding, expect: {equals: \"yes\"}}",
	    &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].path, MAIN);
	ck_assert_uint_eq(ev.v[0].line, 6);
	evlist_release(&ev);
}
END_TEST

/*
 * Include.
 */

START_TEST(test_sshd_nested_relative_include)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, "Include conf.d/a.conf\nMaxAuthTries 6\n",
	    0644);
	tu_write(tu_root, "/etc/ssh/conf.d/a.conf",
	    "# level 1\nInclude /etc/ssh/conf.d/b/*.conf\n", 0644);
	tu_write(tu_root, "/etc/ssh/conf.d/b/1.conf", "\n\nMaxAuthTries 3\n",
	    0644);
	ck_assert_int_eq(run("{key: MaxAuthTries, expect: {at_most: 4}}",
	    &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].path, "/etc/ssh/conf.d/b/1.conf");
	ck_assert_uint_eq(ev.v[0].line, 3);
	ck_assert_str_eq(ev.v[0].found, "3");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_include_matching_nothing_is_ignored)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, "Include /etc/ssh/none.d/*.conf missing.conf\n"
	    "PermitRootLogin no\n", 0644);
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "\"no\"}}", &ev), ST_PASS);
	ck_assert_int_eq(ev.n, 1);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_include_cycle_is_error_with_chain)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, "# top\nInclude /etc/ssh/a.conf\n", 0644);
	tu_write(tu_root, "/etc/ssh/a.conf", "Include b.conf\n", 0644);
	tu_write(tu_root, "/etc/ssh/b.conf", "PermitRootLogin no\n"
	    "Include /etc/ssh/sshd_config\n", 0644);
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "\"no\"}}", &ev), ST_ERROR);
	ck_assert_str_eq(ev.v[ev.n - 1].message, "Include cycle: "
	    "/etc/ssh/sshd_config:2 -> /etc/ssh/a.conf:1 -> "
	    "/etc/ssh/b.conf:2 -> /etc/ssh/sshd_config (sshd refuses to "
	    "start)");
	ck_assert_str_eq(ev.v[ev.n - 1].path, "/etc/ssh/b.conf");
	ck_assert_uint_eq(ev.v[ev.n - 1].line, 2);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_include_depth_is_capped)
{
	struct evlist ev;
	char rel[64];
	char body[64];

	tu_write(tu_root, MAIN, "Include d0.conf\n", 0644);
	for (int i = 0; i < 20; i++) {
		snprintf(rel, sizeof(rel), "/etc/ssh/d%d.conf", i);
		snprintf(body, sizeof(body), "Include d%d.conf\n", i + 1);
		tu_write(tu_root, rel, body, 0644);
	}
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "\"no\"}}", &ev), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "Include nesting deeper than 16 at "
	    "/etc/ssh/d16.conf"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_fifo_config_is_error)
{
	struct evlist ev;
	time_t t0 = time(NULL);

	tu_mkfifo(tu_root, MAIN);
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "\"no\"}}", &ev), ST_ERROR);
	ck_assert(time(NULL) - t0 < 5);
	ck_assert_str_eq(ev.v[0].message, "cannot read /etc/ssh/sshd_config: "
	    "not a regular file (fifo)");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_fifo_include_is_error)
{
	struct evlist ev;

	debian_root(debian12_sshd_config);
	tu_mkfifo(tu_root, "/etc/ssh/sshd_config.d/pipe.conf");
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "\"no\"}}", &ev), ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read "
	    "/etc/ssh/sshd_config.d/pipe.conf: not a regular file"));
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_absent_file_gives_defaults)
{
	struct evlist ev;

	tu_mkdir(tu_root, "/etc", 0755);
	ck_assert_int_eq(run("{key: PermitEmptyPasswords, expect: {equals: "
	    "\"no\"}}", &ev), ST_PASS);
	ck_assert_str_eq(ev.v[0].message, "PermitEmptyPasswords no "
	    "(/etc/ssh/sshd_config does not exist; OpenSSH 9.2 (Debian 12) "
	    "compiled-in default; the openssh-server version is unknown (no "
	    "package record), the newest table is used)");
	evlist_release(&ev);
}
END_TEST

/* The installed openssh-server picks the defaults table. */
static const struct {
	const char	*version;	/* dpkg Version of openssh-server */
	const char	*args;
	enum status	 st;
	const char	*why;
} releases[] = {
	/* Debian 11: ssh-rsa still offered, sntrup not */
	{ "1:8.4p1-5+deb11u3", "{key: HostKeyAlgorithms, expect: {matches: "
	  "'(^|,)ssh-rsa(,|$)'}}", ST_PASS, "OpenSSH 8.4 (Debian 11) "
	  "compiled-in default, the table of the installed openssh-server "
	  "1:8.4p1-5+deb11u3" },
	{ "1:8.4p1-5+deb11u3", "{key: KexAlgorithms, expect: {not_matches: "
	  "sntrup}}", ST_PASS, "OpenSSH 8.4 (Debian 11)" },
	/* Ubuntu 22.04: sntrup offered after the ECDH methods */
	{ "1:8.9p1-3ubuntu0.10", "{key: KexAlgorithms, expect: {matches: "
	  "'^curve25519-sha256,.*,sntrup761x25519-sha512@openssh.com,'}}",
	  ST_PASS, "OpenSSH 8.9 (Ubuntu 22.04) compiled-in default, the "
	  "table of the installed openssh-server 1:8.9p1-3ubuntu0.10" },
	{ "1:8.9p1-3ubuntu0.10", "{key: HostKeyAlgorithms, expect: "
	  "{matches: '(^|,)ssh-rsa(,|$)'}}", ST_FAIL, "OpenSSH 8.9" },
	/* Debian 12: sntrup first */
	{ "1:9.2p1-2+deb12u3", "{key: KexAlgorithms, expect: {matches: "
	  "'^sntrup761x25519-sha512@openssh.com,'}}", ST_PASS,
	  "OpenSSH 9.2 (Debian 12) compiled-in default, the table of the "
	  "installed openssh-server 1:9.2p1-2+deb12u3" },
	/* unlisted: the nearest lower table, or the oldest */
	{ "1:9.0p1-1", "{key: KexAlgorithms, expect: {matches: '^curve'}}",
	  ST_PASS, "OpenSSH 8.9 (Ubuntu 22.04) compiled-in default, the "
	  "nearest lower table to the installed openssh-server 1:9.0p1-1" },
	{ "1:9.6p1-3", "{key: KexAlgorithms, expect: {matches: '^sntrup'}}",
	  ST_PASS, "OpenSSH 9.2 (Debian 12) compiled-in default, the nearest "
	  "lower table to the installed openssh-server 1:9.6p1-3" },
	{ "1:7.9p1-10+deb10u4", "{key: PermitRootLogin, expect: {equals: "
	  "prohibit-password}}", ST_PASS, "OpenSSH 8.4 (Debian 11) compiled-in "
	  "default, the oldest table: the installed openssh-server "
	  "1:7.9p1-10+deb10u4 is older than every table" },
};

START_TEST(test_sshd_defaults_follow_installed_version)
{
	struct evlist ev;
	char *status = xasprintf("Package: openssh-server\nStatus: install "
	    "ok installed\nArchitecture: amd64\nVersion: %s\n",
	    releases[_i].version);

	tu_write(tu_root, "/var/lib/dpkg/status", status, 0644);
	free(status);
	tu_mkdir(tu_root, "/etc/ssh", 0755);
	ck_assert_int_eq(run(releases[_i].args, &ev), (int)releases[_i].st);
	ck_assert_msg(tu_ev_has(&ev, releases[_i].why), "%s: no \"%s\" in "
	    "\"%s\"", releases[_i].version, releases[_i].why,
	    ev.v[0].message);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_rule_default_overrides_table)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, "PermitRootLogin no\n", 0644);
	ck_assert_int_eq(run("{key: UsePAM, default: \"yes\", expect: "
	    "{equals: \"yes\"}}", &ev), ST_PASS);
	ck_assert(tu_ev_has(&ev, "UsePAM yes (/etc/ssh/sshd_config and its "
	    "includes do not set it; default from the rule)"));
	evlist_release(&ev);
	/* A keyword the table does not know, with a default. */
	ck_assert_int_eq(run("{key: PerSourcePenalties, default: \"no\", "
	    "expect: {equals: \"no\"}}", &ev), ST_PASS);
	evlist_release(&ev);
}
END_TEST

START_TEST(test_sshd_other_path)
{
	struct evlist ev;

	tu_write(tu_root, "/etc/ssh/sshd_config_alt", "MaxSessions 2\n", 0644);
	ck_assert_int_eq(run("{key: MaxSessions, path: "
	    "/etc/ssh/sshd_config_alt, expect: {equals: \"2\"}}", &ev),
	    ST_PASS);
	evlist_release(&ev);
}
END_TEST

/*
 * Line syntax.
 */

static const struct {
	const char	*text;
	const char	*key;
	const char	*found;
} syntax_cases[] = {
	{ "permitrootlogin No\n", "PermitRootLogin", "no" },
	{ "PERMITROOTLOGIN=no\n", "PermitRootLogin", "no" },
	{ "  PermitRootLogin = no   \n", "PermitRootLogin", "no" },
	{ "PermitRootLogin =no\n", "PermitRootLogin", "no" },
	{ "PermitRootLogin\t\tno # trailing comment\n", "PermitRootLogin",
	    "no" },
	{ "PermitRootLogin no\r\n", "PermitRootLogin", "no" },
	{ "# PermitRootLogin yes\nPermitRootLogin no\n", "PermitRootLogin",
	    "no" },
	{ "Banner \"/etc/my banner\"\n", "Banner", "/etc/my banner" },
	{ "Banner '/etc/it''s'\n", "Banner", "/etc/its" },
	{ "Banner /etc/a\\ b\n", "Banner", "/etc/a b" },
	{ "AllowUsers alice \"bob\"\nAllowUsers carol\n", "AllowUsers",
	    "alice bob carol" },
	{ "Port 22\nPort 2222\n", "Port", "22 2222" },
	{ "ClientAliveInterval 1m30s\n", "ClientAliveInterval", "90" },
	{ "LoginGraceTime 2m\n", "LoginGraceTime", "120" },
	{ "LogLevel verbose\n", "LogLevel", "VERBOSE" },
	{ "ChallengeResponseAuthentication no\n",
	    "KbdInteractiveAuthentication", "no" },
	{ "KbdInteractiveAuthentication no\n",
	    "ChallengeResponseAuthentication", "no" },
	{ "ForceCommand /usr/bin/x --flag \"a b\"\n", "ForceCommand",
	    "/usr/bin/x --flag \"a b\"" },
	/* A bad line for another keyword does not matter. */
	{ "X11Forwarding\nBanner \"oops\nPermitRootLogin no\n",
	    "PermitRootLogin", "no" },
	{ "NoSuchKeyword 1\nPermitRootLogin no\n", "PermitRootLogin", "no" },
};

START_TEST(test_sshd_line_syntax)
{
	struct evlist ev;
	char *yaml = xasprintf("{key: %s, expect: {equals: '%s'}}",
	    syntax_cases[_i].key, syntax_cases[_i].found);

	tu_write(tu_root, MAIN, syntax_cases[_i].text, 0644);
	ck_assert_msg(run(yaml, &ev) == ST_PASS, "%s: %s",
	    syntax_cases[_i].text, ev.n > 0 ? ev.v[0].message : "");
	ck_assert_str_eq(ev.v[0].found, syntax_cases[_i].found);
	free(yaml);
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*text;
	const char	*message;
} bad_line_cases[] = {
	{ "# x\nPermitRootLogin\n", "PermitRootLogin at /etc/ssh/sshd_config:2 "
	    "has no argument (sshd refuses to start)" },
	{ "permitrootlogin # no\n", "permitrootlogin at "
	    "/etc/ssh/sshd_config:1 has no argument (sshd refuses to start)" },
	{ "PermitRootLogin \"no\n", "PermitRootLogin at "
	    "/etc/ssh/sshd_config:1 has an unterminated quote (sshd refuses "
	    "to start)" },
	/* Even inside a Match block that does not apply. */
	{ "Match User x\nPermitRootLogin=\n", "PermitRootLogin at "
	    "/etc/ssh/sshd_config:2 has no argument (sshd refuses to start)" },
	/* Match lines sshd 9.2 refuses (servconf.c match_cfg_line) */
	{ "PermitRootLogin no\nMatch\n", "Match at /etc/ssh/sshd_config:2: "
	    "Match without criteria (sshd refuses to start)" },
	{ "Match Usr root\n", "Match at /etc/ssh/sshd_config:1: unsupported "
	    "Match attribute \"Usr\" (sshd refuses to start)" },
	{ "Match User\n", "Match at /etc/ssh/sshd_config:1: missing Match "
	    "criteria for User (sshd refuses to start)" },
	{ "Match Group \"\"\n", "Match at /etc/ssh/sshd_config:1: missing "
	    "Match criteria for Group (sshd refuses to start)" },
	{ "Match all User x\n", "Match at /etc/ssh/sshd_config:1: 'all' cannot "
	    "be combined with other Match attributes (sshd refuses to start)" },
	{ "Match User x All\n", "Match at /etc/ssh/sshd_config:1: 'all' cannot "
	    "be combined with other Match attributes (sshd refuses to start)" },
	{ "Match LocalPort 99999\n", "Match at /etc/ssh/sshd_config:1: invalid "
	    "LocalPort \"99999\" (sshd refuses to start)" },
};

START_TEST(test_sshd_bad_line_for_asked_key_is_error)
{
	struct evlist ev;

	tu_write(tu_root, MAIN, bad_line_cases[_i].text, 0644);
	ck_assert_int_eq(run("{key: PermitRootLogin, expect: {equals: "
	    "\"no\"}}", &ev), ST_ERROR);
	ck_assert_str_eq(ev.v[0].message, bad_line_cases[_i].message);
	evlist_release(&ev);
}
END_TEST

/*
 * Compile errors.
 */

static const struct {
	const char	*yaml;
	const char	*error;
} compile_cases[] = {
	{ "{expect: {equals: x}}",
	    "test.yaml:1:1: missing required key \"key\" in sshd_config" },
	{ "{key: PermitRootLogin}",
	    "test.yaml:1:1: missing required key \"expect\" in sshd_config" },
	{ "{key: PermitRootLogin, expect: {equals: x}, bogus: 1}",
	    "test.yaml:1:45: unknown key \"bogus\" in sshd_config" },
	{ "{key: PermitRootLogn, expect: {equals: x}}",
	    "test.yaml:1:7: key: unknown sshd_config keyword "
	    "\"PermitRootLogn\" (give default: to check a keyword assay does "
	    "not know)" },
	{ "{key: \"Permit Root\", expect: {equals: x}}",
	    "test.yaml:1:7: key: expected an sshd_config keyword, got "
	    "\"Permit Root\"" },
	{ "{key: match, expect: {equals: x}}",
	    "test.yaml:1:7: key: \"match\" is not a setting" },
	{ "{key: Port, expect: {equals: x}, path: etc/ssh/sshd_config}",
	    "test.yaml:1:40: path: expected an absolute path, got "
	    "\"etc/ssh/sshd_config\"" },
	{ "{key: Port, expect: {equals: x}, match: {usr: bob}}",
	    "test.yaml:1:42: unknown key \"usr\" in sshd_config match (did you mean \"user\"?)" },
	{ "{key: Port, expect: {equals: x}, match: {address: 10.0.0.300}}",
	    "test.yaml:1:51: address: expected an IP address, got "
	    "\"10.0.0.300\"" },
};

START_TEST(test_sshd_compile_errors)
{
	tu_check_compile_error("sshd_config", compile_cases[_i].yaml,
	    compile_cases[_i].error);
}
END_TEST

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
sshd_config_suite(void)
{
	Suite *s = suite_create("probe_sshd_config");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
	tcase_add_test(tc, test_sshd_stock_unset_key_is_compiled_in_default);
	tcase_add_test(tc, test_sshd_stock_set_key_names_file_and_line);
	tcase_add_test(tc, test_sshd_stock_x11_forwarding_fails_with_values);
	tcase_add_test(tc, test_sshd_stock_accumulating_keywords_join_values);
	tcase_add_test(tc, test_sshd_cloud_init_dropin_wins_over_main_file);
	tcase_add_test(tc, test_sshd_dropins_read_in_sorted_order);
	tcase_add_loop_test(tc,
	    test_sshd_match_blocks_apply_to_matching_connections, 0,
	    NELEM(match_cases));
	tcase_add_test(tc,
	    test_sshd_match_evidence_names_block_and_global_value);
	tcase_add_test(tc,
	    test_sshd_include_inside_match_applies_to_that_match);
	tcase_add_test(tc, test_sshd_nested_relative_include);
	tcase_add_test(tc, test_sshd_include_matching_nothing_is_ignored);
	tcase_add_test(tc, test_sshd_include_cycle_is_error_with_chain);
	tcase_add_test(tc, test_sshd_include_depth_is_capped);
	tcase_add_test(tc, test_sshd_fifo_config_is_error);
	tcase_add_test(tc, test_sshd_fifo_include_is_error);
	tcase_add_test(tc, test_sshd_absent_file_gives_defaults);
	tcase_add_loop_test(tc, test_sshd_defaults_follow_installed_version, 0,
	    (int)(sizeof(releases) / sizeof(releases[0])));
	tcase_add_test(tc, test_sshd_rule_default_overrides_table);
	tcase_add_test(tc, test_sshd_other_path);
	tcase_add_loop_test(tc, test_sshd_line_syntax, 0, NELEM(syntax_cases));
	tcase_add_loop_test(tc, test_sshd_bad_line_for_asked_key_is_error, 0,
	    NELEM(bad_line_cases));
	tcase_add_loop_test(tc, test_sshd_compile_errors, 0,
	    NELEM(compile_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(sshd_config_suite());
}

/*
 * sshd_config.c -- the `sshd_config` probe: the effective value of one
 * sshd keyword, computed the way sshd(8) computes it.
 *
 * Reading "the first PermitRootLogin line" is not enough: Debian 12's
 * sshd_config starts by including every /etc/ssh/sshd_config.d/NAME.conf,
 * so a cloud-init drop-in saying `PasswordAuthentication yes` beats a later
 * `PasswordAuthentication no` in the main file. We follow servconf.c of
 * OpenSSH 9.2 (Debian 12): keywords are case-insensitive and end at white
 * space or one `=`; arguments are split like argv_split() (quotes,
 * backslash escapes, `#` starts a comment); the first value obtained wins,
 * except for the keywords that accumulate (AllowUsers, Port, ...); an
 * Include (globs, relative to /etc/ssh, sorted) is read in place and its
 * Match state does not leak into the including file; a Match block runs
 * to the next Match or the end of its file.
 *
 * sshd reads the file twice: at startup, where only the global section
 * (and `Match all`) is active, and per connection, where only Match blocks
 * that select the connection are active and what they set replaces the
 * global value. We do both passes in one walk. Without `match:` criteria
 * only the first pass counts (what `sshd -T` prints for a connection no
 * Match selects); a Match criterion the rule does not give never matches,
 * as with `sshd -T -C`. An unset keyword takes the compiled-in default of
 * the installed OpenSSH: the version of openssh-server in the dpkg (or
 * apk) database picks one of the release tables below (8.4: Debian 11,
 * 8.9: Ubuntu 22.04, 9.2: Debian 12), an unlisted version the nearest
 * lower one, and the evidence says which table was used and why.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assay/apk.h"
#include "assay/dpkg.h"
#include "assay/expect.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define SSHD_CONFIG	"/etc/ssh/sshd_config"
#define SSHD_DIR	"/etc/ssh"	/* base of relative Include paths */
#define SSHD_PACKAGE	"openssh-server"	/* whose version picks the table */
/* Each file read costs at least this much of the read budget that the
 * main file and all its includes share, so a forest of empty includes
 * cannot keep us busy either. */
#define SSHD_FILE_COST	4096
/* Other locations named in one evidence message; the rest are counted. */
#define SSHD_SHOW_MAX	5

/* Keyword flags, from servconf.c. */
#define KW_MATCH	0x01	/* allowed inside Match (SSHCFG_ALL) */
#define KW_ACCUM	0x02	/* every line adds to a list */
#define KW_REST		0x04	/* takes the rest of the line unsplit */
#define KW_LOWER	0x08	/* yes/no and other case-blind words */
#define KW_UPPER	0x10	/* LogLevel, SyslogFacility as sshd -T */
#define KW_TIME		0x20	/* a time: "2m" compares as 120 */

struct sshd_kw {
	const char	*name;		/* as sshd_config(5) spells it */
	const char	*def;		/* compiled-in; "" an empty list */
	unsigned	 flags;
	const char	*alias_of;	/* an old name for this keyword */
};

#define ALG_PK \
	"ssh-ed25519-cert-v01@openssh.com," \
	"ecdsa-sha2-nistp256-cert-v01@openssh.com," \
	"ecdsa-sha2-nistp384-cert-v01@openssh.com," \
	"ecdsa-sha2-nistp521-cert-v01@openssh.com," \
	"sk-ssh-ed25519-cert-v01@openssh.com," \
	"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com," \
	"rsa-sha2-512-cert-v01@openssh.com," \
	"rsa-sha2-256-cert-v01@openssh.com," \
	"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384," \
	"ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com," \
	"sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256"

/* OpenSSH 9.2 as built for Debian 12 (sshd_config(5), servconf.c
 * fill_default_server_options(), myproposal.h). */
static const struct sshd_kw sshd_keywords[] = {
	{ "AcceptEnv", "", KW_MATCH | KW_ACCUM, NULL },
	{ "AddressFamily", "any", KW_LOWER, NULL },
	{ "AllowAgentForwarding", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "AllowGroups", "", KW_MATCH | KW_ACCUM, NULL },
	{ "AllowStreamLocalForwarding", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "AllowTcpForwarding", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "AllowUsers", "", KW_MATCH | KW_ACCUM, NULL },
	{ "AuthenticationMethods", "any", KW_MATCH, NULL },
	{ "AuthorizedKeysCommand", "none", KW_MATCH | KW_REST, NULL },
	{ "AuthorizedKeysCommandUser", "none", KW_MATCH, NULL },
	{ "AuthorizedKeysFile", ".ssh/authorized_keys .ssh/authorized_keys2",
	    KW_MATCH, NULL },
	{ "AuthorizedPrincipalsCommand", "none", KW_MATCH | KW_REST, NULL },
	{ "AuthorizedPrincipalsCommandUser", "none", KW_MATCH, NULL },
	{ "AuthorizedPrincipalsFile", "none", KW_MATCH, NULL },
	{ "Banner", "none", KW_MATCH, NULL },
	{ "CASignatureAlgorithms", "ssh-ed25519,ecdsa-sha2-nistp256,"
	    "ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
	    "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,"
	    "rsa-sha2-512,rsa-sha2-256", KW_MATCH, NULL },
	{ "ChallengeResponseAuthentication", NULL, 0,
	    "KbdInteractiveAuthentication" },
	{ "ChannelTimeout", "none", KW_MATCH, NULL },
	{ "ChrootDirectory", "none", KW_MATCH, NULL },
	{ "Ciphers", "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,"
	    "aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com", 0,
	    NULL },
	{ "ClientAliveCountMax", "3", KW_MATCH, NULL },
	{ "ClientAliveInterval", "0", KW_MATCH | KW_TIME, NULL },
	{ "Compression", "yes", KW_LOWER, NULL },
	{ "DSAAuthentication", NULL, 0, "PubkeyAuthentication" },
	{ "DenyGroups", "", KW_MATCH | KW_ACCUM, NULL },
	{ "DenyUsers", "", KW_MATCH | KW_ACCUM, NULL },
	{ "DisableForwarding", "no", KW_MATCH | KW_LOWER, NULL },
	{ "ExposeAuthInfo", "no", KW_MATCH | KW_LOWER, NULL },
	{ "FingerprintHash", "sha256", KW_LOWER, NULL },
	{ "ForceCommand", "none", KW_MATCH | KW_REST, NULL },
	{ "GSSAPIAuthentication", "no", KW_MATCH | KW_LOWER, NULL },
	{ "GSSAPICleanupCredentials", "yes", KW_LOWER, NULL },
	{ "GSSAPIKeyExchange", "no", KW_LOWER, NULL },	/* Debian patch */
	{ "GSSAPIStrictAcceptorCheck", "yes", KW_LOWER, NULL },
	{ "GatewayPorts", "no", KW_MATCH | KW_LOWER, NULL },
	{ "HostCertificate", "", KW_ACCUM, NULL },
	{ "HostDSAKey", NULL, 0, "HostKey" },
	{ "HostKey", "/etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_ecdsa_key "
	    "/etc/ssh/ssh_host_ed25519_key", KW_ACCUM, NULL },
	{ "HostKeyAgent", "none", 0, NULL },
	{ "HostKeyAlgorithms", ALG_PK, 0, NULL },
	{ "HostbasedAcceptedAlgorithms", ALG_PK, KW_MATCH, NULL },
	{ "HostbasedAcceptedKeyTypes", NULL, 0,
	    "HostbasedAcceptedAlgorithms" },
	{ "HostbasedAuthentication", "no", KW_MATCH | KW_LOWER, NULL },
	{ "HostbasedUsesNameFromPacketOnly", "no", KW_MATCH | KW_LOWER,
	    NULL },
	{ "IPQoS", "af21 cs1", KW_MATCH | KW_LOWER, NULL },
	{ "IgnoreRhosts", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "IgnoreUserKnownHosts", "no", KW_LOWER, NULL },
	{ "KbdInteractiveAuthentication", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "KeepAlive", NULL, 0, "TCPKeepAlive" },
	{ "KerberosAuthentication", "no", KW_MATCH | KW_LOWER, NULL },
	{ "KerberosGetAFSToken", "no", KW_LOWER, NULL },
	{ "KerberosOrLocalPasswd", "yes", KW_LOWER, NULL },
	{ "KerberosTicketCleanup", "yes", KW_LOWER, NULL },
	{ "KexAlgorithms", "sntrup761x25519-sha512@openssh.com,"
	    "curve25519-sha256,curve25519-sha256@libssh.org,"
	    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
	    "diffie-hellman-group-exchange-sha256,"
	    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
	    "diffie-hellman-group14-sha256", 0, NULL },
	{ "ListenAddress", "0.0.0.0 ::", KW_ACCUM, NULL },
	{ "LogLevel", "INFO", KW_MATCH | KW_UPPER, NULL },
	{ "LogVerbose", "none", KW_MATCH, NULL },
	{ "LoginGraceTime", "120", KW_TIME, NULL },
	{ "MACs", "umac-64-etm@openssh.com,umac-128-etm@openssh.com,"
	    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
	    "hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
	    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1", 0,
	    NULL },
	{ "MaxAuthTries", "6", KW_MATCH, NULL },
	{ "MaxSessions", "10", KW_MATCH, NULL },
	{ "MaxStartups", "10:30:100", 0, NULL },
	{ "ModuliFile", "/etc/ssh/moduli", 0, NULL },
	{ "PasswordAuthentication", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "PerSourceMaxStartups", "none", 0, NULL },
	{ "PerSourceNetBlockSize", "32:128", 0, NULL },
	{ "PermitEmptyPasswords", "no", KW_MATCH | KW_LOWER, NULL },
	{ "PermitListen", "any", KW_MATCH, NULL },
	{ "PermitOpen", "any", KW_MATCH, NULL },
	{ "PermitRootLogin", "prohibit-password", KW_MATCH | KW_LOWER, NULL },
	{ "PermitTTY", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "PermitTunnel", "no", KW_MATCH, NULL },
	{ "PermitUserEnvironment", "no", 0, NULL },
	{ "PermitUserRC", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "PidFile", "/run/sshd.pid", 0, NULL },
	{ "Port", "22", KW_ACCUM, NULL },
	{ "PrintLastLog", "yes", KW_LOWER, NULL },
	{ "PrintMotd", "yes", KW_LOWER, NULL },
	{ "PubkeyAcceptedAlgorithms", ALG_PK, KW_MATCH, NULL },
	{ "PubkeyAcceptedKeyTypes", NULL, 0, "PubkeyAcceptedAlgorithms" },
	{ "PubkeyAuthOptions", "none", KW_MATCH | KW_LOWER, NULL },
	{ "PubkeyAuthentication", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "RDomain", "none", KW_MATCH, NULL },
	{ "RekeyLimit", "default none", KW_MATCH, NULL },
	{ "RequiredRSASize", "1024", KW_MATCH, NULL },
	{ "RevokedKeys", "none", KW_MATCH, NULL },
	{ "SecurityKeyProvider", "internal", 0, NULL },
	{ "SetEnv", "", KW_MATCH, NULL },	/* first line wins since 8.7 */
	{ "SKeyAuthentication", NULL, 0, "KbdInteractiveAuthentication" },
	{ "StreamLocalBindMask", "0177", KW_MATCH, NULL },
	{ "StreamLocalBindUnlink", "no", KW_MATCH | KW_LOWER, NULL },
	{ "StrictModes", "yes", KW_LOWER, NULL },
	{ "Subsystem", "", KW_ACCUM, NULL },
	{ "SyslogFacility", "AUTH", KW_UPPER, NULL },
	{ "TCPKeepAlive", "yes", KW_LOWER, NULL },
	{ "TrustedUserCAKeys", "none", KW_MATCH, NULL },
	{ "UnusedConnectionTimeout", "none", KW_MATCH, NULL },
	{ "UseDNS", "no", KW_LOWER, NULL },
	{ "UsePAM", "no", KW_LOWER, NULL },
	{ "VersionAddendum", "none", KW_REST, NULL },
	{ "X11DisplayOffset", "10", KW_MATCH, NULL },
	{ "X11Forwarding", "no", KW_MATCH | KW_LOWER, NULL },
	{ "X11UseLocalhost", "yes", KW_MATCH | KW_LOWER, NULL },
	{ "XAuthLocation", "/usr/bin/xauth", 0, NULL },
};
#define SSHD_NKW (sizeof(sshd_keywords) / sizeof(sshd_keywords[0]))

/* Compiled-in defaults that differ between the releases we know, from
 * myproposal.h and servconf.c fill_default_server_options() at the tags
 * V_8_4_P1, V_8_9_P1 and V_9_2_P1 of openssh-portable. The table above
 * is 9.2's; a release lists only what differs from it.
 *
 * 8.4 -> 8.5: ed25519 first among signature algorithms (host keys,
 *   public keys, CAs); 8.8: ssh-rsa (SHA-1) signatures off by default.
 * 8.9 -> 9.0: sntrup761x25519-sha512 (offered since 8.5, after the ECDH
 *   methods) moves first among key exchanges.
 * Keywords added since 8.4 (ModuliFile, PerSourceMaxStartups,
 *   PerSourceNetBlockSize 8.5; RequiredRSASize 9.1; ChannelTimeout,
 *   UnusedConnectionTimeout 9.2) have defaults that keep the older
 *   behaviour, so they are the same in every table.
 * 8.4's KbdInteractiveAuthentication defaults to no and its separate
 *   ChallengeResponseAuthentication to yes, and sshd enables
 *   keyboard-interactive when either is yes (sshd.c): the effective
 *   default, the one the merged keyword of 8.7+ has, is yes in all three.
 */
#define ALG_PK_84 \
	"ecdsa-sha2-nistp256-cert-v01@openssh.com," \
	"ecdsa-sha2-nistp384-cert-v01@openssh.com," \
	"ecdsa-sha2-nistp521-cert-v01@openssh.com," \
	"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com," \
	"ssh-ed25519-cert-v01@openssh.com," \
	"sk-ssh-ed25519-cert-v01@openssh.com," \
	"rsa-sha2-512-cert-v01@openssh.com," \
	"rsa-sha2-256-cert-v01@openssh.com," \
	"ssh-rsa-cert-v01@openssh.com," \
	"ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521," \
	"sk-ecdsa-sha2-nistp256@openssh.com,ssh-ed25519," \
	"sk-ssh-ed25519@openssh.com,rsa-sha2-512,rsa-sha2-256,ssh-rsa"
#define KEX_TAIL \
	"diffie-hellman-group-exchange-sha256," \
	"diffie-hellman-group16-sha512,diffie-hellman-group18-sha512," \
	"diffie-hellman-group14-sha256"
#define KEX_ECDH \
	"curve25519-sha256,curve25519-sha256@libssh.org," \
	"ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"

struct sshd_override {
	const char	*name;
	const char	*def;
};

static const struct sshd_override over_84[] = {
	{ "CASignatureAlgorithms", "ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
	    "ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,"
	    "ssh-ed25519,sk-ssh-ed25519@openssh.com,rsa-sha2-512,"
	    "rsa-sha2-256" },
	{ "HostKeyAlgorithms", ALG_PK_84 },
	{ "HostbasedAcceptedAlgorithms", ALG_PK_84 },
	{ "KexAlgorithms", KEX_ECDH KEX_TAIL },
	{ "PubkeyAcceptedAlgorithms", ALG_PK_84 },
};

static const struct sshd_override over_89[] = {
	{ "KexAlgorithms", KEX_ECDH "sntrup761x25519-sha512@openssh.com,"
	    KEX_TAIL },
};

struct sshd_release {
	unsigned			 major, minor;
	const char			*name;
	const struct sshd_override	*over;
	size_t				 nover;
};

/* Oldest first. */
static const struct sshd_release sshd_releases[] = {
	{ 8, 4, "OpenSSH 8.4 (Debian 11)", over_84,
	    sizeof(over_84) / sizeof(over_84[0]) },
	{ 8, 9, "OpenSSH 8.9 (Ubuntu 22.04)", over_89,
	    sizeof(over_89) / sizeof(over_89[0]) },
	{ 9, 2, "OpenSSH 9.2 (Debian 12)", NULL, 0 },
};
#define SSHD_NREL (sizeof(sshd_releases) / sizeof(sshd_releases[0]))

/* The connection a rule's `match:` describes. */
struct sshd_conn {
	char		*user;
	char		*host;
	char		*address;
	char		*laddress;
	char		*rdomain;
	uint64_t	 lport;		/* 0: not given */
	const char	**groups;	/* explicit groups, or NULL */
	size_t		 ngroups;
};

struct sshd_state {
	char			*key;	/* canonical spelling */
	const struct sshd_kw	*kw;	/* NULL: unknown, `default:` given */
	unsigned		 flags;
	char			*path;
	char			*def;	/* the rule's `default:`, or NULL */
	struct expect		*expect;
	bool			 has_conn;
	struct sshd_conn	 conn;
};

static const char *const sshd_args[] = {
	"key", "expect", "default", "path", "match", NULL
};
static const char *const sshd_match_args[] = {
	"user", "group", "host", "address", "local_address", "local_port",
	"rdomain", NULL
};

static const struct sshd_kw *
kw_find(const char *name)
{
	for (size_t i = 0; i < SSHD_NKW; i++)
		if (ascii_eq(sshd_keywords[i].name, name))
			return &sshd_keywords[i];
	return NULL;
}

/* The keyword an alias stands for (itself when not an alias). */
static const struct sshd_kw *
kw_canon(const struct sshd_kw *kw)
{
	if (kw != NULL && kw->alias_of != NULL)
		return kw_find(kw->alias_of);
	return kw;
}

/* Is NAME (from a file) a spelling of the keyword the rule asks for? */
static bool
kw_is_asked(const struct sshd_state *st, const char *name)
{
	if (st->kw == NULL)
		return ascii_eq(name, st->key);
	return kw_canon(kw_find(name)) == st->kw;
}

/*
 * Compile.
 */

static bool
is_ip_address(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

static int
compile_addr(const struct ynode *n, const char *key, char **out,
    struct diag *d)
{
	const char *s;

	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	if (!is_ip_address(s)) {
		diag_add(d, &n->at, "%s: expected an IP address, got %s", key,
		    ynode_show(n));
		return -1;
	}
	*out = xstrdup(s);
	return 0;
}

static int
compile_word(const struct ynode *n, const char *key, char **out,
    struct diag *d)
{
	const char *s;

	if (ynode_str(n, key, &s, d) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

static int
compile_conn(const struct ynode *m, struct sshd_conn *c, struct diag *d)
{
	const struct ynode *n;
	int rc = 0;

	if (ynode_check_keys(m, "sshd_config match", sshd_match_args, d) != 0)
		return -1;
	if ((n = ynode_get(m, "user")) != NULL)
		rc |= compile_word(n, "user", &c->user, d);
	if ((n = ynode_get(m, "host")) != NULL)
		rc |= compile_word(n, "host", &c->host, d);
	if ((n = ynode_get(m, "rdomain")) != NULL)
		rc |= compile_word(n, "rdomain", &c->rdomain, d);
	if ((n = ynode_get(m, "address")) != NULL)
		rc |= compile_addr(n, "address", &c->address, d);
	if ((n = ynode_get(m, "local_address")) != NULL)
		rc |= compile_addr(n, "local_address", &c->laddress, d);
	if ((n = ynode_get(m, "local_port")) != NULL)
		rc |= ynode_uint(n, "local_port", 1, 65535, &c->lport, d);
	if ((n = ynode_get(m, "group")) != NULL)
		rc |= ynode_strs(n, "group", &c->groups, &c->ngroups, d);
	return rc != 0 ? -1 : 0;
}

static int
compile_key(const struct ynode *n, struct sshd_state *st, bool has_default,
    struct diag *d)
{
	const char *s;

	if (ynode_str(n, "key", &s, d) != 0)
		return -1;
	if (s[0] == '\0' || strpbrk(s, " \t=\"#") != NULL) {
		diag_add(d, &n->at, "key: expected an sshd_config keyword, "
		    "got %s", ynode_show(n));
		return -1;
	}
	if (ascii_eq(s, "Match") || ascii_eq(s, "Include")) {
		diag_add(d, &n->at, "key: %s is not a setting", ynode_show(n));
		return -1;
	}
	st->kw = kw_canon(kw_find(s));
	if (st->kw == NULL && !has_default) {
		diag_add(d, &n->at, "key: unknown sshd_config keyword %s (give "
		    "default: to check a keyword assay does not know)",
		    ynode_show(n));
		return -1;
	}
	st->key = xstrdup(st->kw != NULL ? st->kw->name : s);
	st->flags = st->kw != NULL ? st->kw->flags : KW_MATCH;
	return 0;
}

static void sshd_free(void *state);

static int
sshd_compile_args(const struct ynode *args, const struct limits *lim,
    struct sshd_state *st, struct diag *d)
{
	const struct ynode *key = probe_require(args, "key", "sshd_config", d);
	const struct ynode *exp = probe_require(args, "expect", "sshd_config",
	    d);
	const struct ynode *n;
	const char *s;

	if (key == NULL || exp == NULL)
		return -1;
	if ((n = ynode_get(args, "default")) != NULL) {
		if (ynode_str(n, "default", &s, d) != 0)
			return -1;
		st->def = xstrdup(s);
	}
	if (compile_key(key, st, st->def != NULL, d) != 0)
		return -1;
	st->path = xstrdup(SSHD_CONFIG);
	if ((n = ynode_get(args, "path")) != NULL) {
		if (ynode_str(n, "path", &s, d) != 0)
			return -1;
		if (s[0] != '/') {
			diag_add(d, &n->at, "path: expected an absolute path, "
			    "got %s", ynode_show(n));
			return -1;
		}
		free(st->path);
		st->path = path_normalize(s);
	}
	if ((n = ynode_get(args, "match")) != NULL) {
		if (compile_conn(n, &st->conn, d) != 0)
			return -1;
		st->has_conn = true;
	}
	st->expect = expect_compile(exp, lim, d);
	return st->expect != NULL ? 0 : -1;
}

static int
sshd_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct sshd_state *st;

	if (ynode_check_keys(args, "sshd_config", sshd_args, d) != 0)
		return -1;
	st = xcalloc(1, sizeof(*st));
	if (sshd_compile_args(args, lim, st, d) != 0) {
		sshd_free(st);
		return -1;
	}
	*statep = st;
	return 0;
}

static void
sshd_free(void *state)
{
	struct sshd_state *st = state;

	if (st == NULL)
		return;
	free(st->key);
	free(st->path);
	free(st->def);
	expect_free(st->expect);
	free(st->conn.user);
	free(st->conn.host);
	free(st->conn.address);
	free(st->conn.laddress);
	free(st->conn.rdomain);
	free(st->conn.groups);
	free(st);
}

/*
 * Lines and arguments.
 */

/* Split a line into keyword and the rest, as strdelim() does: the keyword
 * ends at white space or one `=`, which may be surrounded by white space.
 * False for blank and comment lines. */
static bool
split_keyword(const char *line, size_t len, char **kw, const char **rest,
    size_t *restlen)
{
	size_t i = 0;
	size_t k;

	while (len > 0 && strchr(" \t\r\n\f", line[len - 1]) != NULL)
		len--;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] == '#')
		return false;
	k = i;
	while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '=')
		i++;
	*kw = xstrndup(line + k, i - k);
	if (i < len && line[i] == '=')
		i++;
	else {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i < len && line[i] == '=')
			i++;
	}
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	*rest = line + i;
	*restlen = len - i;
	return true;
}

/* argv_split() of misc.c with terminate_on_comment: white space separates,
 * single or double quotes group, a backslash escapes a quote, a backslash
 * or (outside quotes) a space, and `#` at the start of an argument ends
 * the line. -1 on an unterminated quote. */
static int
split_args(const char *s, size_t len, struct strlist *out)
{
	size_t i = 0;

	while (i < len) {
		struct strbuf b = STRBUF_INIT;
		char quote = 0;

		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		strbuf_addstr(&b, "");
		for (; i < len; i++) {
			char c = s[i];

			if (c == '\\' && i + 1 < len && (s[i + 1] == '\'' ||
			    s[i + 1] == '"' || s[i + 1] == '\\' ||
			    (quote == 0 && s[i + 1] == ' ')))
				strbuf_addch(&b, s[++i]);
			else if (quote == 0 && (c == ' ' || c == '\t'))
				break;
			else if (quote == 0 && (c == '"' || c == '\''))
				quote = c;
			else if (quote != 0 && c == quote)
				quote = 0;
			else
				strbuf_addch(&b, c);
		}
		strlist_adopt(out, strbuf_detach(&b));
		if (quote != 0)
			return -1;
	}
	return 0;
}

/* convtime() of misc.c: "90", "1m30s", "2h" in seconds; -1 if invalid. */
static int64_t
convtime(const char *s)
{
	int64_t total = 0;

	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		int64_t n = 0;
		int64_t mul = 1;

		if (!isdigit((unsigned char)*s))
			return -1;
		for (; isdigit((unsigned char)*s); s++) {
			n = n * 10 + (*s - '0');
			if (n > INT32_MAX)
				return -1;
		}
		switch (*s) {
		case '\0':
			break;
		case 's': case 'S':
			s++;
			break;
		case 'm': case 'M':
			mul = 60;
			s++;
			break;
		case 'h': case 'H':
			mul = 3600;
			s++;
			break;
		case 'd': case 'D':
			mul = 86400;
			s++;
			break;
		case 'w': case 'W':
			mul = 604800;
			s++;
			break;
		default:
			return -1;
		}
		total += n * mul;
		if (total > INT32_MAX)
			return -1;
	}
	return total;
}

/* The value one line gives the keyword, normalized as sshd -T shows it
 * where that matters for comparing (yes/no case, times in seconds). */
static char *
line_value(unsigned flags, const char *rest, size_t restlen,
    const struct strlist *args)
{
	struct strbuf b = STRBUF_INIT;
	int64_t secs;

	strbuf_addstr(&b, "");
	if (flags & KW_REST)
		strbuf_add(&b, rest, restlen);
	else
		for (size_t i = 0; i < args->n; i++) {
			if (i > 0)
				strbuf_addch(&b, ' ');
			strbuf_addstr(&b, args->v[i]);
		}
	for (size_t i = 0; i < b.len; i++) {
		if (flags & KW_LOWER)
			b.buf[i] = (char)tolower((unsigned char)b.buf[i]);
		else if (flags & KW_UPPER)
			b.buf[i] = (char)toupper((unsigned char)b.buf[i]);
	}
	if ((flags & KW_TIME) && (secs = convtime(b.buf)) >= 0) {
		strbuf_reset(&b);
		strbuf_addf(&b, "%lld", (long long)secs);
	}
	return strbuf_detach(&b);
}

/*
 * Match criteria (match.c, addrmatch.c, groupaccess.c).
 */

/* match_pattern(): `*` and `?` wildcards; NOCASE folds ASCII case. */
static bool
wild_match(const char *s, const char *p, bool nocase)
{
	const char *star = NULL;
	const char *back = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = p++;
			back = s;
		} else if (*p == '?' || (*p != '\0' && (nocase ?
		    tolower((unsigned char)*p) == tolower((unsigned char)*s) :
		    *p == *s))) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++back;
		} else
			return false;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* match_pattern_list(): 1 when some pattern of the comma-separated LIST
 * matches S, -1 when a negated (`!`) one does, else 0. */
static int
pattern_list(const char *s, const char *list, bool nocase)
{
	char *copy = xstrdup(list);
	char *save = copy;
	char *pat;
	int rc = 0;

	while ((pat = strsep(&save, ",")) != NULL) {
		bool neg = pat[0] == '!';

		if (!wild_match(s, neg ? pat + 1 : pat, nocase))
			continue;
		if (neg) {
			rc = -1;
			break;
		}
		rc = 1;
	}
	free(copy);
	return rc;
}

struct ipaddr {
	int		af;
	unsigned char	b[16];
};

static int
ip_parse(const char *s, struct ipaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->b) == 1) {
		a->af = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->b) == 1) {
		a->af = AF_INET6;
		return 0;
	}
	return -1;
}

/* addr_pton_cidr(): "10.0.0.0/8" or a bare address. -1 when not an
 * address (try a wildcard match instead), -2 when host bits are set. */
static int
cidr_parse(const char *s, struct ipaddr *a, unsigned *bits)
{
	const char *slash = strchr(s, '/');
	char *host = xstrndup(s, slash != NULL ? (size_t)(slash - s) :
	    strlen(s));
	unsigned max;
	uint64_t v;
	int rc = ip_parse(host, a);

	free(host);
	if (rc != 0)
		return -1;
	max = a->af == AF_INET ? 32 : 128;
	*bits = max;
	if (slash != NULL) {
		if (parse_uint(slash + 1, 0, max, &v) != 0)
			return -1;
		*bits = (unsigned)v;
	}
	for (unsigned i = *bits; i < max; i++)
		if (a->b[i / 8] & (0x80 >> (i % 8)))
			return -2;
	return 0;
}

static bool
cidr_contains(const struct ipaddr *net, unsigned bits,
    const struct ipaddr *a)
{
	if (net->af != a->af)
		return false;
	for (unsigned i = 0; i < bits; i++) {
		unsigned char m = (unsigned char)(0x80 >> (i % 8));

		if ((net->b[i / 8] & m) != (a->b[i / 8] & m))
			return false;
	}
	return true;
}

/* addr_match_list(): 1 on a match, 0 or -1 (negated match) otherwise; a
 * malformed network (sshd refuses it) never matches. */
static int
addr_list(const char *addr, const char *list)
{
	char *copy = xstrdup(list);
	char *save = copy;
	char *pat;
	struct ipaddr a;
	int rc = 0;

	if (ip_parse(addr, &a) != 0) {
		free(copy);
		return 0;
	}
	while ((pat = strsep(&save, ",")) != NULL) {
		bool neg = pat[0] == '!';
		const char *p = neg ? pat + 1 : pat;
		struct ipaddr net;
		unsigned bits;
		int c = cidr_parse(p, &net, &bits);
		bool hit;

		if (c == -2 || *p == '\0') {
			rc = 0;
			break;
		}
		hit = c == 0 ? cidr_contains(&net, bits, &a) :
		    wild_match(addr, p, false);
		if (!hit)
			continue;
		if (neg) {
			rc = -1;
			break;
		}
		rc = 1;
	}
	free(copy);
	return rc;
}

/*
 * The walk over the file and its includes.
 */

/* One line that set the keyword. */
struct hit {
	char		*path;
	unsigned	 line;
	char		*value;
	char		*block;		/* `Match ...` at path:line, or NULL */
};

struct hits {
	struct hit	*v;
	size_t		 n;
	size_t		 cap;
};

/* One file being read; FRAMES[0] is the main file. */
struct frame {
	const char	*path;
	unsigned	 line;		/* of the Include being followed */
};

struct walk {
	const struct sshd_state	*st;
	struct target		*t;
	const struct limits	*lim;
	struct evlist		*ev;
	size_t			 budget;	/* bytes left to read */
	struct hits		 global;	/* startup pass */
	struct hits		 conn;		/* connection pass */
	struct frame		*frames;
	unsigned		 depth;
	bool			 failed;	/* evidence says why */
	/* The user's groups, for Match Group, read on first use. */
	bool			 groups_loaded;
	struct strlist		 groups;
};

/* What is active at a point of the walk. Included files share the
 * includer's flags and restore them afterwards, like servconf.c's
 * activep; NEVER_* is SSHCFG_NEVERMATCH for files included from an
 * inactive Match block. */
struct scope {
	bool		 act_global;
	bool		 act_conn;
	bool		 never_global;
	bool		 never_conn;
	char		*block;		/* borrowed or owned by the frame */
};

static void
hits_add(struct hits *h, const char *path, unsigned line, char *value,
    const char *block)
{
	struct hit *x;

	xgrow((void **)&h->v, &h->cap, h->n + 1, sizeof(*h->v));
	x = &h->v[h->n++];
	x->path = xstrdup(path);
	x->line = line;
	x->value = value;
	x->block = block != NULL ? xstrdup(block) : NULL;
}

static void
hits_release(struct hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].path);
		free(h->v[i].value);
		free(h->v[i].block);
	}
	free(h->v);
}

static void
walk_fail(struct walk *w, const char *path, unsigned line, const char *msg)
{
	evlist_add_violation(w->ev, path, line, "%s", msg);
	w->failed = true;
}

/* Load PATH (PROBE_PASSWD or PROBE_GROUP) into IDS: 0, or -1 with
 * evidence when it exists but cannot be read (a missing file is empty). */
static int
load_ids(struct walk *w, struct probe_ids *ids, const char *path)
{
	enum fs_rc rc = probe_ids_load(ids, w->t, path);

	if (rc == FS_OK || rc == FS_ENOENT)
		return 0;
	(void)probe_read_error(w->t, w->ev, path, rc);
	return -1;
}

/* USER's groups, as sshd's Match Group asks getgrouplist(3): the primary
 * group of USER's /etc/passwd entry, and every /etc/group entry that lists
 * USER as a member. Fills w->groups once; -1 after an unreadable file. */
static int
load_user_groups(struct walk *w, const char *user)
{
	struct probe_ids ids = { NULL, 0, FS_OK, NULL };
	const struct probe_id *u;
	int64_t gid = -1;
	int rc;

	w->groups_loaded = true;
	if (load_ids(w, &ids, PROBE_PASSWD) != 0)
		return -1;
	if ((u = probe_ids_entry(&ids, user)) != NULL)
		gid = u->gid;
	probe_ids_release(&ids);
	/* sshd: "Can't match group ... user does not exist". */
	if (gid < 0)
		return 0;
	rc = load_ids(w, &ids, PROBE_GROUP);
	for (size_t i = 0; i < ids.n; i++)
		if (ids.v[i].id == (uint32_t)gid ||
		    probe_id_has_member(&ids.v[i], user))
			strlist_add(&w->groups, ids.v[i].name);
	probe_ids_release(&ids);
	return rc;
}

/* ga_match_pattern_list(): a negated match of any group wins. */
static int
group_match(struct walk *w, const char *list)
{
	const struct sshd_conn *c = &w->st->conn;
	const char *const *g;
	size_t n;
	int found = 0;

	if (c->groups != NULL) {
		g = c->groups;
		n = c->ngroups;
	} else {
		if (c->user == NULL)
			return 0;
		if (!w->groups_loaded && load_user_groups(w, c->user) != 0)
			return -1;
		g = (const char *const *)w->groups.v;
		n = w->groups.n;
	}
	for (size_t i = 0; i < n; i++)
		switch (pattern_list(g[i], list, false)) {
		case -1:
			return 0;
		case 1:
			found = 1;
			break;
		default:
			break;
		}
	return found;
}

/* One criterion of a Match line against the rule's connection: 1 or 0;
 * -1 after an error (evidence added). Criteria the rule does not give
 * never match (sshd -T -C); so do unknown ones. */
static int
match_criterion(struct walk *w, const char *attr, const char *arg)
{
	const struct sshd_conn *c = &w->st->conn;
	uint64_t port;

	if (ascii_eq(attr, "user"))
		return c->user != NULL &&
		    pattern_list(c->user, arg, false) == 1;
	if (ascii_eq(attr, "group"))
		return group_match(w, arg);
	if (ascii_eq(attr, "host"))
		return c->host != NULL && pattern_list(c->host, arg, true) == 1;
	if (ascii_eq(attr, "address"))
		return c->address != NULL && addr_list(c->address, arg) == 1;
	if (ascii_eq(attr, "localaddress"))
		return c->laddress != NULL && addr_list(c->laddress, arg) == 1;
	if (ascii_eq(attr, "localport"))
		return c->lport != 0 && parse_uint(arg, 1, 65535, &port) == 0 &&
		    port == c->lport;
	if (ascii_eq(attr, "rdomain"))
		return c->rdomain != NULL &&
		    pattern_list(c->rdomain, arg, false) == 1;
	return 0;
}

/* What sshd (servconf.c match_cfg_line) refuses in a Match line's
 * criteria ARGS, or NULL: none, `all` with others, an attribute it does
 * not know, one without its argument, a LocalPort that is not a port.
 * Malloc'd. */
static char *
match_line_error(const struct strlist *args)
{
	static const char *const attrs[] = { "all", "user", "group", "host",
	    "address", "localaddress", "localport", "rdomain" };
	uint64_t port;

	if (args->n == 0)
		return xstrdup("Match without criteria");
	for (size_t i = 0; i < args->n; i += 2) {
		const char *a = args->v[i];
		bool known = false;

		for (size_t k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++)
			known |= ascii_eq(a, attrs[k]);
		if (!known)
			return xasprintf("unsupported Match attribute \"%s\"",
			    a);
		if (ascii_eq(a, "all")) {
			if (args->n != 1)
				return xstrdup("'all' cannot be combined with "
				    "other Match attributes");
			return NULL;
		}
		if (i + 1 >= args->n || args->v[i + 1][0] == '\0')
			return xasprintf("missing Match criteria for %s", a);
		if (ascii_eq(a, "localport") && parse_uint(args->v[i + 1], 1,
		    65535, &port) != 0)
			return xasprintf("invalid LocalPort \"%s\"",
			    args->v[i + 1]);
	}
	return NULL;
}

/* A Match line: sets the scope's flags for the lines that follow. */
static int
do_match(struct walk *w, struct scope *sc, const struct strlist *args)
{
	bool all = args->n == 1 && ascii_eq(args->v[0], "all");
	int ok = args->n >= 2 && args->n % 2 == 0;

	/* Startup pass: no connection, only `Match all` matches. */
	sc->act_global = !sc->never_global && all;
	if (!w->st->has_conn) {
		sc->act_conn = false;
		return 0;
	}
	if (all)
		ok = 1;
	else
		for (size_t i = 0; ok == 1 && i + 1 < args->n; i += 2)
			ok = match_criterion(w, args->v[i], args->v[i + 1]);
	if (ok < 0)
		return -1;
	sc->act_conn = !sc->never_conn && ok == 1;
	return 0;
}

static int walk_file(struct walk *w, const char *path, struct scope *sc);

static void
fail_cycle(struct walk *w, const char *path)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_addstr(&b, "Include cycle: ");
	for (unsigned i = 0; i < w->depth; i++)
		strbuf_addf(&b, "%s:%u -> ", w->frames[i].path,
		    w->frames[i].line);
	strbuf_addf(&b, "%s (sshd refuses to start)", path);
	walk_fail(w, w->frames[w->depth - 1].path,
	    w->frames[w->depth - 1].line, b.buf);
	strbuf_release(&b);
}

/* Read one file named by an Include, in the including file's scope. */
static int
include_one(struct walk *w, struct scope *sc, const char *path)
{
	struct scope child = *sc;
	const struct frame *top = &w->frames[w->depth - 1];
	int rc;

	for (unsigned i = 0; i < w->depth; i++)
		if (strcmp(w->frames[i].path, path) == 0) {
			fail_cycle(w, path);
			return -1;
		}
	if (w->depth > w->lim->include_depth) {
		char *msg = xasprintf("Include nesting deeper than %u at %s "
		    "(sshd refuses to start)", w->lim->include_depth, path);

		walk_fail(w, top->path, top->line, msg);
		free(msg);
		return -1;
	}
	child.never_global = !sc->act_global;
	child.never_conn = !sc->act_conn;
	rc = walk_file(w, path, &child);
	/* The included file's Match state does not leak out. */
	return rc;
}

static int
do_include(struct walk *w, struct scope *sc, const struct strlist *args,
    const char *path, unsigned lineno)
{
	w->frames[w->depth - 1].line = lineno;
	for (size_t i = 0; i < args->n; i++) {
		struct strlist files = STRLIST_INIT;
		char *pat = args->v[i][0] == '/' ? xstrdup(args->v[i]) :
		    path_join(SSHD_DIR, args->v[i]);
		char *np = path_normalize(pat);
		enum fs_rc rc = target_glob(w->t, np, &files);
		int r = 0;

		/* A pattern matching nothing is fine for sshd too. */
		if (rc != FS_OK && rc != FS_ENOENT && rc != FS_ENOTDIR) {
			(void)probe_read_error(w->t, w->ev, np, rc);
			r = -1;
		} else if (files.n > w->lim->glob_max) {
			walk_fail(w, path, lineno, "Include matches too many "
			    "files");
			r = -1;
		}
		for (size_t k = 0; r == 0 && k < files.n; k++)
			r = include_one(w, sc, files.v[k]);
		if (r != 0)
			w->failed = true;
		strlist_release(&files);
		free(pat);
		free(np);
		if (r != 0)
			return -1;
	}
	return 0;
}

/* A line setting the asked keyword. */
static int
do_setting(struct walk *w, struct scope *sc, const char *kw,
    const char *rest, size_t restlen, const struct strlist *args,
    const char *path, unsigned lineno)
{
	char *msg;

	if (args->n == 0 && !((w->st->flags & KW_REST) && restlen > 0)) {
		msg = xasprintf("%s at %s:%u has no argument (sshd refuses to "
		    "start)", kw, path, lineno);
		walk_fail(w, path, lineno, msg);
		free(msg);
		return -1;
	}
	if (sc->act_global)
		hits_add(&w->global, path, lineno, line_value(w->st->flags,
		    rest, restlen, args), NULL);
	if (sc->act_conn && (w->st->flags & KW_MATCH))
		hits_add(&w->conn, path, lineno, line_value(w->st->flags,
		    rest, restlen, args), sc->block);
	return 0;
}

static int
walk_line(struct walk *w, struct scope *sc, const char *line, size_t len,
    const char *path, unsigned lineno)
{
	struct strlist args = STRLIST_INIT;
	const char *rest;
	size_t restlen;
	char *kw;
	int rc = 0;

	if (!split_keyword(line, len, &kw, &rest, &restlen))
		return 0;
	if (split_args(rest, restlen, &args) != 0 && kw_is_asked(w->st, kw)) {
		char *msg = xasprintf("%s at %s:%u has an unterminated quote "
		    "(sshd refuses to start)", kw, path, lineno);

		walk_fail(w, path, lineno, msg);
		free(msg);
		rc = -1;
	} else if (ascii_eq(kw, "Match")) {
		char *bad = match_line_error(&args);

		free(sc->block);
		sc->block = xasprintf("Match %.*s at %s:%u", (int)restlen, rest,
		    path, lineno);
		if (bad != NULL) {
			/* sshd -t fails on it: nothing is in effect */
			char *msg = xasprintf("%s at %s:%u: %s (sshd refuses to "
			    "start)", kw, path, lineno, bad);

			walk_fail(w, path, lineno, msg);
			free(msg);
			rc = -1;
		} else {
			rc = do_match(w, sc, &args);
		}
		free(bad);
	} else if (ascii_eq(kw, "Include"))
		rc = do_include(w, sc, &args, path, lineno);
	else if (kw_is_asked(w->st, kw))
		rc = do_setting(w, sc, kw, rest, restlen, &args, path, lineno);
	strlist_release(&args);
	free(kw);
	return rc;
}

static int
walk_file(struct walk *w, const char *path, struct scope *sc)
{
	struct strbuf buf = STRBUF_INIT;
	struct scope mine = *sc;
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t len;
	enum fs_rc rc;
	int r = 0;

	rc = w->budget > 0 ? target_read(w->t, path, w->budget, &buf) :
	    FS_ETOOBIG;
	if (rc != FS_OK) {
		strbuf_release(&buf);
		if (rc == FS_ETOOBIG && w->depth > 0) {
			char *msg = xasprintf("cannot read %s: %s and its "
			    "includes are larger than the read limit (%zu "
			    "bytes)", path, w->frames[0].path,
			    w->lim->read_max);

			walk_fail(w, path, 0, msg);
			free(msg);
		} else {
			(void)probe_read_error(w->t, w->ev, path, rc);
			w->failed = true;
		}
		return -1;
	}
	w->budget -= buf.len + SSHD_FILE_COST < w->budget ?
	    buf.len + SSHD_FILE_COST : w->budget;
	mine.block = sc->block != NULL ? xstrdup(sc->block) : NULL;
	w->frames[w->depth].path = path;
	w->frames[w->depth].line = 0;
	w->depth++;
	while (r == 0 && next_line(buf.buf, buf.len, &pos, &line, &len,
	    &lineno))
		r = walk_line(w, &mine, line, len, path, lineno);
	w->depth--;
	/* Share the active flags with the includer, which restores them. */
	free(mine.block);
	strbuf_release(&buf);
	return r;
}

/*
 * Verdict and evidence.
 */

static void
add_others(struct strbuf *b, const struct hits *h, size_t skip)
{
	size_t shown = 0;

	for (size_t i = 0; i < h->n; i++) {
		if (i == skip)
			continue;
		if (shown == SSHD_SHOW_MAX) {
			strbuf_addf(b, " and %zu more", h->n - 1 - shown);
			break;
		}
		strbuf_addf(b, "%s%s:%u (\"%s\")", shown > 0 ? ", " : "",
		    h->v[i].path, h->v[i].line, h->v[i].value);
		shown++;
	}
}

/* The effective value from H: the first line's, or every line's joined
 * for keywords that accumulate. */
static char *
hits_value(const struct sshd_state *st, const struct hits *h)
{
	struct strbuf b = STRBUF_INIT;

	if (!(st->flags & KW_ACCUM))
		return xstrdup(h->v[0].value);
	strbuf_addstr(&b, "");
	for (size_t i = 0; i < h->n; i++) {
		if (b.len > 0 && h->v[i].value[0] != '\0')
			strbuf_addch(&b, ' ');
		strbuf_addstr(&b, h->v[i].value);
	}
	return strbuf_detach(&b);
}

static void
describe_hits(struct strbuf *b, const struct sshd_state *st,
    const struct hits *h, const char *value)
{
	const struct hit *x = &h->v[0];

	if (st->flags & KW_ACCUM) {
		strbuf_addf(b, "%s %s (accumulated from ", st->key, value);
		for (size_t i = 0; i < h->n && i < SSHD_SHOW_MAX; i++)
			strbuf_addf(b, "%s%s:%u", i > 0 ? ", " : "",
			    h->v[i].path, h->v[i].line);
		if (h->n > SSHD_SHOW_MAX)
			strbuf_addf(b, " and %zu more", h->n - SSHD_SHOW_MAX);
		strbuf_addch(b, ')');
		return;
	}
	strbuf_addf(b, "%s %s at %s:%u", st->key, value, x->path, x->line);
	if (x->block != NULL)
		strbuf_addf(b, " in %s", x->block);
	if (h->n > 1) {
		strbuf_addstr(b, " (first value wins; also set at ");
		add_others(b, h, 0);
		strbuf_addch(b, ')');
	}
}

/* The installed openssh-server version, from the dpkg database (status
 * or status.d), else the apk one: borrowed from the cached database, or
 * NULL when neither records an installed instance. */
static const char *
installed_version(struct target *t, const struct limits *lim)
{
	const struct dpkg_db *d = NULL;
	const struct dpkg_pkg *dp[8];
	const struct apk_db *a = NULL;
	const struct apk_pkg *ap[8];
	/* a database that cannot be read just gives no version */
	struct diag *ignored = diag_new();
	const char *v = NULL;
	size_t k;

	if (dpkg_db_get(t, lim, &d, ignored) == FS_OK && d != NULL) {
		k = dpkg_db_find(d, SSHD_PACKAGE, NULL, dp, 8);
		for (size_t i = 0; i < k && v == NULL; i++)
			if (dpkg_status_installed(dp[i]->status))
				v = dp[i]->version;
	}
	if (v == NULL && apk_db_get(t, lim, &a, ignored) == FS_OK &&
	    a != NULL) {
		k = apk_db_find(a, SSHD_PACKAGE, NULL, ap, 8);
		if (k > 0)
			v = ap[0]->version;
	}
	diag_free(ignored);
	return v;
}

/* "1:8.9p1-3ubuntu0.10" or "9.3_p2-r1": upstream MAJOR.MINOR. */
static int
parse_upstream(const char *v, unsigned *major, unsigned *minor)
{
	const char *colon = strchr(v, ':');
	char *end;
	unsigned long a;
	unsigned long b;

	if (colon != NULL)
		v = colon + 1;
	if (!isdigit((unsigned char)v[0]))
		return -1;
	a = strtoul(v, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -1;
	b = strtoul(end + 1, &end, 10);
	if (a > 999 || b > 999)
		return -1;
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return 0;
}

/* The release table for the target, and why it was chosen into WHY. */
static const struct sshd_release *
pick_release(struct target *t, const struct limits *lim, struct strbuf *why)
{
	const struct sshd_release *r = &sshd_releases[SSHD_NREL - 1];
	const char *v = installed_version(t, lim);
	unsigned major;
	unsigned minor;

	if (v == NULL) {
		strbuf_addf(why, "%s compiled-in default; the %s version is "
		    "unknown (no package record), the newest table is used",
		    r->name, SSHD_PACKAGE);
		return r;
	}
	if (parse_upstream(v, &major, &minor) != 0) {
		strbuf_addf(why, "%s compiled-in default; %s %s is not a "
		    "version we can read, the newest table is used", r->name,
		    SSHD_PACKAGE, v);
		return r;
	}
	r = &sshd_releases[0];
	for (size_t i = 0; i < SSHD_NREL; i++)
		if (sshd_releases[i].major < major ||
		    (sshd_releases[i].major == major &&
		    sshd_releases[i].minor <= minor))
			r = &sshd_releases[i];
	strbuf_addf(why, "%s compiled-in default, ", r->name);
	if (r->major == major && r->minor == minor)
		strbuf_addf(why, "the table of the installed %s %s",
		    SSHD_PACKAGE, v);
	else if (r == &sshd_releases[0] && (major < r->major ||
	    (major == r->major && minor < r->minor)))
		strbuf_addf(why, "the oldest table: the installed %s %s is "
		    "older than every table", SSHD_PACKAGE, v);
	else
		strbuf_addf(why, "the nearest lower table to the installed "
		    "%s %s", SSHD_PACKAGE, v);
	return r;
}

/* KW's default in release R. */
static const char *
release_default(const struct sshd_release *r, const struct sshd_kw *kw)
{
	for (size_t i = 0; i < r->nover; i++)
		if (strcmp(r->over[i].name, kw->name) == 0)
			return r->over[i].def;
	return kw->def;
}

/* Context: a later line setting another value than the first, which
 * sshd ignores (CIS audits `sshd -T`, the effective value, so this is no
 * finding; the line still misleads whoever reads the file). */
static void
add_conflicts(const struct sshd_state *st, const struct hits *h,
    struct evlist *ev)
{
	size_t shown = 0;

	if (st->flags & KW_ACCUM)
		return;
	for (size_t i = 1; i < h->n && shown < SSHD_SHOW_MAX; i++) {
		if (strcasecmp(h->v[i].value, h->v[0].value) == 0)
			continue;
		evlist_add_context(ev, h->v[i].path, h->v[i].line, "ignored: "
		    "%s %s at %s:%u conflicts with the effective %s at %s:%u "
		    "(sshd keeps the first value)", st->key, h->v[i].value,
		    h->v[i].path, h->v[i].line, h->v[0].value, h->v[0].path,
		    h->v[0].line);
		shown++;
	}
}

static enum status
verdict(const struct sshd_state *st, struct walk *w, bool absent)
{
	const struct hits *h = w->conn.n > 0 ? &w->conn : &w->global;
	struct strbuf b = STRBUF_INIT;
	const char *path = NULL;
	unsigned line = 0;
	struct evidence *e;
	char *value;
	bool ok;

	if (h->n > 0) {
		value = hits_value(st, h);
		describe_hits(&b, st, h, value);
		path = h->v[0].path;
		line = h->v[0].line;
		if (h == &w->conn && w->global.n > 0)
			strbuf_addf(&b, "; overrides the global value \"%s\" "
			    "at %s:%u", w->global.v[0].value,
			    w->global.v[0].path, w->global.v[0].line);
	} else {
		struct strbuf why = STRBUF_INIT;
		const struct sshd_release *r = NULL;

		if (st->def == NULL)
			r = pick_release(w->t, w->lim, &why);
		else
			strbuf_addstr(&why, "default from the rule");
		value = xstrdup(r == NULL ? st->def :
		    release_default(r, st->kw));
		path = st->path;
		strbuf_addf(&b, "%s %s (%s %s; %s)", st->key, value, st->path,
		    absent ? "does not exist" : "and its includes do not set "
		    "it", why.buf);
		strbuf_release(&why);
	}
	ok = expect_test(st->expect, value);
	e = evlist_add_violation(w->ev, path, line, "%s", b.buf);
	evidence_set_values(e, expect_describe(st->expect), value);
	add_conflicts(st, h, w->ev);
	free(value);
	strbuf_release(&b);
	return ok ? ST_PASS : ST_FAIL;
}

static enum status
sshd_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct sshd_state *st = state;
	struct scope sc = { true, false, false, false, NULL };
	struct walk w;
	struct fsnode node;
	enum status status;
	bool absent = false;

	memset(&w, 0, sizeof(w));
	w.st = st;
	w.t = env->target;
	w.lim = env->lim;
	w.ev = ev;
	w.budget = env->lim->read_max;
	w.frames = xcalloc(env->lim->include_depth + 2, sizeof(*w.frames));
	if (target_lookup(env->target, st->path, true, &node) == FS_ENOENT)
		absent = true;
	else
		(void)walk_file(&w, st->path, &sc);
	free(sc.block);
	status = w.failed ? ST_ERROR : verdict(st, &w, absent);
	hits_release(&w.global);
	hits_release(&w.conn);
	strlist_release(&w.groups);
	free(w.frames);
	return status;
}

/* Image targets keep content only for the paths probes ask for: the
 * apk database (which may tell the OpenSSH version) is not in the default
 * set; sshd_config and the dpkg database are. */
static void
sshd_paths(const void *p, struct strlist *globs)
{
	(void)p;
	strlist_add(globs, APK_INSTALLED_PATH);
	strlist_add(globs, APK_INSTALLED_PATH_USR);
}

const struct probe_ops probe_sshd_config = {
	.name = "sshd_config",
	.summary = "the effective value of an sshd keyword (Include, Match, "
	    "first value wins, OpenSSH defaults)",
	.compile = sshd_compile,
	.eval = sshd_eval,
	.free = sshd_free,
	.paths = sshd_paths,
};

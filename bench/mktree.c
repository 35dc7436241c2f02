/*
 * mktree.c -- the benchmark's helper: builds a Debian-like root of at least
 * N files, and times a command with its peak RSS.
 *
 * `mktree tree ROOT N` lays out what a real Debian 12 root holds in
 * roughly the same proportions: /etc with the config files policies read
 * (passwd, shadow, login.defs, sshd_config, sysctl.d, sudoers, pam.d),
 * /var/lib/dpkg (status and info/), /usr/share/doc, /usr/share/locale,
 * /usr/share/man, /usr/lib/x86_64-linux-gnu with many .so files and their
 * symlinks, kernel modules, Python modules, zoneinfo and headers, plus the
 * few things a baseline policy must find: setuid/setgid binaries,
 * world-writable files and directories, and (when run as root) files with
 * no owner in /etc/passwd. Names and sizes come from a fixed-seed
 * generator, so every run builds the same tree; files larger than a page
 * are sparse so st_size is realistic without filling the disk.
 *
 * `mktree time OUT CMD [ARG...]` runs CMD and writes "SECONDS MAXRSS_KB
 * STATUS" to the file OUT: wall-clock time from CLOCK_MONOTONIC and
 * ru_maxrss of the
 * child from wait4() (the number `/usr/bin/time -v` shows as "Maximum
 * resident set size"), so the benchmark needs no extra package.
 *
 * This is a benchmark tool, not part of assay: it writes wherever it is
 * told and exits on the first error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PATH_BUF	4096

struct tree {
	char		 root[PATH_BUF];
	unsigned long	 files;		/* regular files */
	unsigned long	 links;		/* symlinks */
	unsigned long	 dirs;
	int		 is_root;	/* may chown */
	uint32_t	 rng;
};

static const char text[] =
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\n"
    "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut\n"
    "enim ad minim veniam, quis nostrud exercitation ullamco laboris\n"
    "nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor.\n";

static const char *const langs[] = {
	"af", "am", "ar", "ast", "az", "be", "bg", "bn", "bs", "ca", "cs",
	"cy", "da", "de", "dz", "el", "en_AU", "en_CA", "en_GB", "eo", "es",
	"et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr",
	"hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko",
	"ku", "lt", "lv", "mk", "ml", "mr", "ms", "nb", "ne", "nl", "nn",
	"oc", "pa", "pl", "pt", "pt_BR", "ro", "ru", "si", "sk", "sl", "sq",
	"sr", "sr@latin", "sv", "ta", "te", "tg", "th", "tr", "ug", "uk",
	"vi", "wa", "zh_CN", "zh_HK", "zh_TW",
};

static const char *const syllables[] = {
	"lib", "core", "net", "gtk", "xml", "ssl", "z", "bz", "lz", "ma",
	"gnu", "sys", "util", "dbus", "pam", "sasl", "krb", "ldap", "usb",
	"pci", "drm", "gl", "x", "audit", "cap", "acl", "attr", "sel", "nss",
	"curl", "idn", "psl", "ffi", "gmp", "mpfr", "ncurses", "readline",
	"perl", "python", "uuid", "blkid", "mount", "fdisk", "smart", "cols",
};

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "mktree: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static uint32_t
rnd(struct tree *t, uint32_t n)
{
	t->rng = t->rng * 1103515245u + 12345u;
	return n == 0 ? 0 : (t->rng >> 8) % n;
}

/* A pronounceable package-like name, deterministic for I. */
static void
pkgname(char *out, size_t len, unsigned i)
{
	size_t ns = sizeof(syllables) / sizeof(syllables[0]);

	snprintf(out, len, "%s%s%u", syllables[i % ns],
	    syllables[(i / ns) % ns], i);
}

static void
full(const struct tree *t, char *out, const char *rel)
{
	if ((size_t)snprintf(out, PATH_BUF, "%s/%s", t->root, rel) >=
	    PATH_BUF) {
		errno = ENAMETOOLONG;
		die("path", rel);
	}
}

static void
own(struct tree *t, const char *path, uid_t uid, gid_t gid)
{
	if (t->is_root && (uid != 0 || gid != 0) &&
	    lchown(path, uid, gid) != 0)
		die("chown", path);
}

/* mkdir -p REL (formatted), then force MODE on the last component. */
static void
dir(struct tree *t, mode_t mode, const char *fmt, ...)
{
	char rel[PATH_BUF];
	char path[PATH_BUF];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	full(t, path, rel);
	for (char *p = path + strlen(t->root) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == 0)
			t->dirs++;
		else if (errno != EEXIST)
			die("mkdir", path);
		*p = '/';
	}
	if (mkdir(path, mode) == 0)
		t->dirs++;
	else if (errno != EEXIST)
		die("mkdir", path);
	if (chmod(path, mode) != 0)
		die("chmod", path);
}

/* Create REL (its directory must exist) with SIZE bytes. */
static void
put_owned(struct tree *t, const char *rel, const char *content,
    uint64_t size, mode_t mode, uid_t uid, gid_t gid)
{
	char path[PATH_BUF];
	int fd;

	full(t, path, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("create", path);
	if (content != NULL) {
		size_t n = strlen(content);

		if (write(fd, content, n) != (ssize_t)n)
			die("write", path);
	} else if (size > 4096) {
		if (write(fd, text, 64) != 64 || ftruncate(fd, (off_t)size))
			die("write", path);
	} else {
		for (uint64_t done = 0; done < size;) {
			size_t n = size - done < sizeof(text) - 1 ?
			    (size_t)(size - done) : sizeof(text) - 1;

			if (write(fd, text, n) != (ssize_t)n)
				die("write", path);
			done += n;
		}
	}
	if (close(fd) != 0)
		die("close", path);
	if (chmod(path, mode) != 0)
		die("chmod", path);
	own(t, path, uid, gid);
	t->files++;
}

static void
put(struct tree *t, const char *rel, uint64_t size, mode_t mode)
{
	put_owned(t, rel, NULL, size, mode, 0, 0);
}

static void
putf(struct tree *t, uint64_t size, mode_t mode, const char *fmt, ...)
{
	char rel[PATH_BUF];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	put(t, rel, size, mode);
}

static void
link_to(struct tree *t, const char *target, const char *rel)
{
	char path[PATH_BUF];

	full(t, path, rel);
	if (symlink(target, path) != 0 && errno != EEXIST)
		die("symlink", path);
	t->links++;
}

static void
make_etc(struct tree *t)
{
	static const char *const pam[] = {
		"common-auth", "common-account", "common-password",
		"common-session", "common-session-noninteractive", "login",
		"sshd", "su", "sudo", "passwd", "chfn", "chsh", "chpasswd",
		"cron", "newusers", "other", "runuser", "runuser-l", "su-l",
		"systemd-user",
	};
	char rel[PATH_BUF];

	dir(t, 0755, "etc/ssh/sshd_config.d");
	dir(t, 0755, "etc/sysctl.d");
	dir(t, 0755, "etc/pam.d");
	dir(t, 0755, "etc/default");
	dir(t, 0755, "etc/security");
	dir(t, 0750, "etc/sudoers.d");
	dir(t, 0755, "etc/systemd/system/multi-user.target.wants");
	dir(t, 0755, "etc/cron.d");
	put_owned(t, "etc/passwd",
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
	    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
	    "sync:x:4:65534:sync:/bin:/bin/sync\n"
	    "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n"
	    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
	    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	    "messagebus:x:100:107::/nonexistent:/usr/sbin/nologin\n"
	    "sshd:x:101:65534::/run/sshd:/usr/sbin/nologin\n"
	    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n",
	    0, 0644, 0, 0);
	put_owned(t, "etc/group",
	    "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:alice\n"
	    "mail:x:8:\nman:x:12:\nwww-data:x:33:\nshadow:x:42:\n"
	    "crontab:x:106:\nmessagebus:x:107:\nsudo:x:27:alice\nnogroup:x:65534:\n"
	    "alice:x:1000:\n", 0, 0644, 0, 0);
	put_owned(t, "etc/shadow",
	    "root:*:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n"
	    "alice:$y$j9T$abc$def:19700:0:99999:7:::\n", 0, 0640, 0, 42);
	put_owned(t, "etc/gshadow", "root:*::\nshadow:*::\n", 0, 0640, 0,
	    42);
	put_owned(t, "etc/login.defs",
	    "MAIL_DIR /var/mail\nPASS_MAX_DAYS 99999\nPASS_MIN_DAYS 0\n"
	    "PASS_WARN_AGE 7\nUID_MIN 1000\nUMASK 022\nENCRYPT_METHOD SHA512\n",
	    0, 0644, 0, 0);
	put_owned(t, "etc/ssh/sshd_config",
	    "Include /etc/ssh/sshd_config.d/*.conf\n"
	    "KbdInteractiveAuthentication no\nUsePAM yes\n"
	    "X11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\n"
	    "Subsystem sftp /usr/lib/openssh/sftp-server\n", 0, 0644, 0, 0);
	put_owned(t, "etc/ssh/sshd_config.d/50-cloud.conf",
	    "PasswordAuthentication no\n", 0, 0644, 0, 0);
	put_owned(t, "etc/sysctl.conf", "#kernel.domainname = example.com\n",
	    0, 0644, 0, 0);
	put_owned(t, "etc/sysctl.d/99-hardening.conf",
	    "kernel.randomize_va_space = 2\nnet.ipv4.ip_forward = 0\n"
	    "fs.suid_dumpable = 0\n", 0, 0644, 0, 0);
	put_owned(t, "etc/fstab", "UUID=0 / ext4 errors=remount-ro 0 1\n",
	    0, 0644, 0, 0);
	put_owned(t, "etc/hostname", "bench\n", 0, 0644, 0, 0);
	put_owned(t, "etc/hosts", "127.0.0.1 localhost\n", 0, 0644, 0, 0);
	put_owned(t, "etc/sudoers", "root ALL=(ALL:ALL) ALL\n"
	    "%sudo ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n", 0, 0440,
	    0, 0);
	put_owned(t, "etc/sudoers.d/README", "# drop-ins\n", 0, 0440, 0, 0);
	put_owned(t, "etc/crontab", "17 * * * * root cd / && run-parts "
	    "--report /etc/cron.hourly\n", 0, 0644, 0, 0);
	put_owned(t, "etc/default/grub", "GRUB_CMDLINE_LINUX=\"\"\n", 0, 0644,
	    0, 0);
	put_owned(t, "etc/security/limits.conf", "# limits\n", 0, 0644, 0,
	    0);
	for (size_t i = 0; i < sizeof(pam) / sizeof(pam[0]); i++) {
		snprintf(rel, sizeof(rel), "etc/pam.d/%s", pam[i]);
		put(t, rel, 300 + rnd(t, 1200), 0644);
	}
	link_to(t, "../usr/lib/os-release", "etc/os-release");
	link_to(t, "/lib/systemd/system/ssh.service",
	    "etc/systemd/system/multi-user.target.wants/ssh.service");
	link_to(t, "/lib/systemd/system/cron.service",
	    "etc/systemd/system/multi-user.target.wants/cron.service");
}

/* dpkg's database and /usr/share/doc for NPKG packages. */
static void
make_packages(struct tree *t, unsigned npkg)
{
	char name[128];
	char rel[PATH_BUF];
	FILE *fp;

	dir(t, 0755, "var/lib/dpkg/info");
	dir(t, 0755, "usr/share/doc");
	dir(t, 0755, "usr/lib");
	full(t, rel, "var/lib/dpkg/status");
	fp = fopen(rel, "we");
	if (fp == NULL)
		die("create", rel);
	fprintf(fp, "Package: openssh-server\nStatus: install ok installed\n"
	    "Architecture: amd64\nVersion: 1:9.2p1-2+deb12u2\n\n");
	for (unsigned i = 0; i < npkg; i++) {
		pkgname(name, sizeof(name), i);
		fprintf(fp, "Package: %s\nStatus: install ok installed\n"
		    "Priority: optional\nArchitecture: amd64\n"
		    "Version: %u.%u-%u\nDescription: package %u\n\n", name,
		    i % 7, i % 13, 1 + i % 3, i);
		snprintf(rel, sizeof(rel), "var/lib/dpkg/info/%s.list", name);
		put(t, rel, 200 + rnd(t, 4000), 0644);
		snprintf(rel, sizeof(rel), "var/lib/dpkg/info/%s.md5sums",
		    name);
		put(t, rel, 100 + rnd(t, 3000), 0644);
		if (i % 4 == 0) {
			snprintf(rel, sizeof(rel),
			    "var/lib/dpkg/info/%s.postinst", name);
			put(t, rel, 500 + rnd(t, 2000), 0755);
		}
		dir(t, 0755, "usr/share/doc/%s", name);
		putf(t, 800 + rnd(t, 20000), 0644,
		    "usr/share/doc/%s/copyright", name);
		putf(t, 400 + rnd(t, 9000), 0644,
		    "usr/share/doc/%s/changelog.Debian.gz", name);
		if (i % 5 == 0)
			putf(t, 300 + rnd(t, 3000), 0644,
			    "usr/share/doc/%s/NEWS.Debian.gz", name);
	}
	if (fclose(fp) != 0)
		die("write", "var/lib/dpkg/status");
	t->files++;
	put_owned(t, "usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux "
	    "12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n", 0, 0644, 0, 0);
}

/* Shared libraries: the real file, its soname link, sometimes a dev link. */
static void
make_libs(struct tree *t, unsigned nlib)
{
	const char *base = "usr/lib/x86_64-linux-gnu";
	char name[128];
	char real[256];
	char rel[PATH_BUF];

	dir(t, 0755, "%s/gconv", base);
	for (unsigned i = 0; i < nlib; i++) {
		unsigned maj = i % 5;

		pkgname(name, sizeof(name), i * 7 + 3);
		snprintf(real, sizeof(real), "lib%s.so.%u.%u.%u", name, maj,
		    i % 11, i % 3);
		snprintf(rel, sizeof(rel), "%s/%s", base, real);
		put(t, rel, 16384 + rnd(t, 2u << 20), 0644);
		snprintf(rel, sizeof(rel), "%s/lib%s.so.%u", base, name, maj);
		link_to(t, real, rel);
		if (i % 3 == 0) {
			snprintf(rel, sizeof(rel), "%s/lib%s.so", base, name);
			link_to(t, real, rel);
		}
	}
	for (unsigned i = 0; i < 250; i++)
		putf(t, 8192 + rnd(t, 60000), 0644, "%s/gconv/CP%u.so", base,
		    1000 + i);
}

static void
make_locale(struct tree *t, unsigned ndomains)
{
	char name[128];

	for (size_t l = 0; l < sizeof(langs) / sizeof(langs[0]); l++) {
		dir(t, 0755, "usr/share/locale/%s/LC_MESSAGES", langs[l]);
		for (unsigned i = 0; i < ndomains; i++) {
			/* Not every package is translated to every language. */
			if (rnd(t, 4) == 0)
				continue;
			pkgname(name, sizeof(name), i);
			putf(t, 500 + rnd(t, 40000), 0644,
			    "usr/share/locale/%s/LC_MESSAGES/%s.mo", langs[l],
			    name);
		}
	}
}

static void
make_man(struct tree *t, unsigned per_section)
{
	static const char *const sect = "18532746";
	static const char *const tr[] = { "", "de/", "fr/", "ja/", "ru/" };
	char name[128];

	for (size_t k = 0; k < sizeof(tr) / sizeof(tr[0]); k++) {
		for (const char *s = sect; *s != '\0'; s++) {
			unsigned n = k == 0 ? per_section : per_section / 8;

			dir(t, 0755, "usr/share/man/%sman%c", tr[k], *s);
			for (unsigned i = 0; i < n; i++) {
				pkgname(name, sizeof(name), i * 3 + 1);
				putf(t, 600 + rnd(t, 8000), 0644,
				    "usr/share/man/%sman%c/%s.%c.gz", tr[k],
				    *s, name, *s);
			}
		}
	}
}

/* Binaries, including the setuid/setgid ones a baseline looks for. */
static void
make_bin(struct tree *t, unsigned nbin)
{
	static const struct {
		const char	*path;
		mode_t		 mode;
		gid_t		 gid;
	} special[] = {
		{ "usr/bin/passwd", 04755, 0 },
		{ "usr/bin/su", 04755, 0 },
		{ "usr/bin/sudo", 04755, 0 },
		{ "usr/bin/mount", 04755, 0 },
		{ "usr/bin/umount", 04755, 0 },
		{ "usr/bin/chsh", 04755, 0 },
		{ "usr/bin/chfn", 04755, 0 },
		{ "usr/bin/gpasswd", 04755, 0 },
		{ "usr/bin/newgrp", 04755, 0 },
		{ "usr/lib/openssh/ssh-keysign", 04755, 0 },
		{ "usr/lib/dbus-1.0/dbus-daemon-launch-helper", 04754, 107 },
		{ "usr/bin/chage", 02755, 42 },
		{ "usr/bin/expiry", 02755, 42 },
		{ "usr/bin/crontab", 02755, 106 },
		{ "usr/sbin/unix_chkpwd", 02755, 42 },
	};
	char name[128];

	dir(t, 0755, "usr/bin");
	dir(t, 0755, "usr/sbin");
	dir(t, 0755, "usr/lib/openssh");
	dir(t, 0755, "usr/lib/dbus-1.0");
	for (unsigned i = 0; i < nbin; i++) {
		pkgname(name, sizeof(name), i * 5 + 2);
		putf(t, 4096 + rnd(t, 900000), 0755, "usr/%s/%s",
		    i % 6 == 0 ? "sbin" : "bin", name);
	}
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		put_owned(t, special[i].path, NULL, 30000 + rnd(t, 200000),
		    special[i].mode, 0, special[i].gid);
	link_to(t, "usr/bin", "bin");
	link_to(t, "usr/sbin", "sbin");
	link_to(t, "usr/lib", "lib");
	link_to(t, "usr/lib64", "lib64");
	dir(t, 0755, "usr/lib64");
}

static void
make_modules(struct tree *t, unsigned nko)
{
	static const char *const sub[] = {
		"drivers/net/ethernet", "drivers/gpu/drm", "drivers/usb/core",
		"drivers/scsi", "drivers/md", "drivers/input", "fs", "net/ipv4",
		"net/netfilter", "crypto", "sound/pci", "drivers/hid",
	};
	const char *base = "usr/lib/modules/6.1.0-18-amd64/kernel";
	size_t nsub = sizeof(sub) / sizeof(sub[0]);
	char name[128];

	for (size_t s = 0; s < nsub; s++)
		dir(t, 0755, "%s/%s", base, sub[s]);
	for (unsigned i = 0; i < nko; i++) {
		pkgname(name, sizeof(name), i);
		putf(t, 4096 + rnd(t, 300000), 0644, "%s/%s/%s.ko", base,
		    sub[i % nsub], name);
	}
}

static void
make_misc(struct tree *t)
{
	static const char *const zones[] = {
		"Africa", "America", "Antarctica", "Asia", "Atlantic",
		"Australia", "Europe", "Indian", "Pacific", "Etc",
	};
	char name[128];

	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		dir(t, 0755, "usr/share/zoneinfo/%s", zones[z]);
		for (unsigned i = 0; i < 60; i++) {
			pkgname(name, sizeof(name), i + 100 * (unsigned)z);
			putf(t, 100 + rnd(t, 3000), 0644,
			    "usr/share/zoneinfo/%s/%s", zones[z], name);
		}
	}
	for (unsigned d = 0; d < 40; d++) {
		pkgname(name, sizeof(name), d);
		dir(t, 0755, "usr/include/%s", name);
		for (unsigned i = 0; i < 50; i++)
			putf(t, 200 + rnd(t, 30000), 0644,
			    "usr/include/%s/h%u.h", name, i);
	}

	/* What a baseline must flag: world-writable places and files. */
	dir(t, 01777, "tmp");
	dir(t, 01777, "var/tmp");
	dir(t, 01777, "dev/shm");
	dir(t, 0777, "var/www/uploads");
	dir(t, 0777, "opt/vendor/logs");
	dir(t, 0755, "var/lib/legacy-app");
	dir(t, 0755, "usr/local/share/app");
	dir(t, 02775, "var/mail");
	put(t, "var/lib/legacy-app/state.db", 65536, 0666);
	put(t, "opt/vendor/update.sh", 900, 0777);
	put(t, "usr/local/share/app/config.ini", 400, 0646);
	put(t, "var/www/uploads/upload.tmp", 1200, 0666);

	/* Files whose owner is not in /etc/passwd (chown needs root). */
	put_owned(t, "opt/vendor/agent", NULL, 300000, 0755, 1500, 1500);
	put_owned(t, "opt/vendor/agent.conf", "token = x\n", 0, 0600, 1500,
	    1500);
	dir(t, 0750, "home/alice");
	put_owned(t, "home/alice/.bashrc", NULL, 3500, 0644, 1000, 1000);
	put_owned(t, "home/alice/.profile", NULL, 800, 0644, 1000, 1000);
	dir(t, 0700, "root");
	put(t, "root/.bashrc", 570, 0644);
}

/* Python modules fill the tree up to N files, as they do on real hosts. */
static void
make_python(struct tree *t, unsigned long want)
{
	const char *base = "usr/lib/python3/dist-packages";
	char name[128];
	unsigned pkg = 0;

	while (t->files < want) {
		unsigned n = 5 + rnd(t, 60);

		pkgname(name, sizeof(name), pkg++);
		dir(t, 0755, "%s/%s/__pycache__", base, name);
		for (unsigned i = 0; i < n && t->files < want; i++) {
			putf(t, 200 + rnd(t, 30000), 0644, "%s/%s/m%u.py",
			    base, name, i);
			if (i % 2 == 0)
				putf(t, 300 + rnd(t, 30000), 0644,
				    "%s/%s/__pycache__/m%u.cpython-311.pyc",
				    base, name, i);
		}
	}
}

static int
cmd_tree(const char *root, unsigned long want)
{
	struct tree t = { .rng = 20240601u };
	unsigned long scale = want / 1000;

	if (strlen(root) >= sizeof(t.root) - 256) {
		errno = ENAMETOOLONG;
		die("root", root);
	}
	strcpy(t.root, root);
	t.is_root = geteuid() == 0;
	umask(022);
	if (mkdir(root, 0755) != 0 && errno != EEXIST)
		die("mkdir", root);
	make_etc(&t);
	make_packages(&t, (unsigned)(scale * 30));
	make_libs(&t, (unsigned)(scale * 30));
	make_locale(&t, (unsigned)(scale * 3));
	make_man(&t, (unsigned)(scale * 15));
	make_bin(&t, (unsigned)(scale * 15));
	make_modules(&t, (unsigned)(scale * 40));
	make_misc(&t);
	make_python(&t, want);
	printf("mktree: %s: %lu files, %lu symlinks, %lu directories%s\n",
	    root, t.files, t.links, t.dirs,
	    t.is_root ? "" : " (not root: no foreign owners)");
	return 0;
}

static int
cmd_time(const char *out, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *fp;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		die("fork", argv[0]);
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "mktree: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait", argv[0]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fp = fopen(out, "we");
	if (fp == NULL)
		die("create", out);
	fprintf(fp, "%.3f %ld %d\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
	    WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status));
	if (fclose(fp) != 0)
		die("write", out);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "tree") == 0)
		return cmd_tree(argv[2], strtoul(argv[3], NULL, 10));
	if (argc >= 4 && strcmp(argv[1], "time") == 0)
		return cmd_time(argv[2], argv + 3);
	fprintf(stderr, "usage: mktree tree ROOT NFILES\n"
	    "       mktree time OUT CMD [ARG...]\n");
	return 2;
}

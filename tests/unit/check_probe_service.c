/*
 * check_probe_service.c -- the `service` probe on a Debian 12-like systemd
 * tree: merged /usr (/lib -> usr/lib), wants links absolute and relative,
 * a requires link, a templated getty@tty1, Debian's sshd.service alias,
 * units masked by a /dev/null link and by an empty file, and a unit that
 * is masked although a wants link is left behind.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "testutil.h"

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define VENDOR "/usr/lib/systemd/system/"
#define ETC "/etc/systemd/system/"

static const char ssh_unit[] =
    "[Unit]\n"
    "Description=OpenBSD Secure Shell server\n"
    "After=network.target auditd.service\n"
    "ConditionPathExists=!/etc/ssh/sshd_not_to_be_run\n"
    "\n"
    "[Service]\n"
    "EnvironmentFile=-/etc/default/ssh\n"
    "ExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n"
    "Alias=notme.service\n"
    "\n"
    "[Install]\n"
    "WantedBy=multi-user.target\n"
    "Alias=sshd.service\n";

static const char plain_unit[] =
    "[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n\n"
    "[Install]\nWantedBy=multi-user.target\n";

static void
setup(void)
{
	tu_root_setup();
	tu_mkdir(tu_root, "/usr/lib", 0755);
	tu_symlink(tu_root, "/lib", "usr/lib");
	tu_write(tu_root, VENDOR "ssh.service", ssh_unit, 0644);
	tu_write(tu_root, VENDOR "cron.service", plain_unit, 0644);
	tu_write(tu_root, VENDOR "getty@.service", "[Unit]\nDescription=Getty "
	    "on %I\n\n[Install]\nWantedBy=getty.target\n"
	    "DefaultInstance=tty1\n", 0644);
	tu_write(tu_root, VENDOR "avahi-daemon.service", plain_unit, 0644);
	tu_write(tu_root, VENDOR "rpcbind.service", plain_unit, 0644);
	tu_write(tu_root, VENDOR "cups.service", plain_unit, 0644);
	tu_write(tu_root, VENDOR "nftables.service", plain_unit, 0644);
	tu_write(tu_root, VENDOR "apt-daily.timer", plain_unit, 0644);
	/* systemctl enable ssh: the alias and the wants link, absolute. */
	tu_symlink(tu_root, ETC "sshd.service",
	    "/lib/systemd/system/ssh.service");
	tu_symlink(tu_root, ETC "multi-user.target.wants/ssh.service",
	    "/lib/systemd/system/ssh.service");
	/* A relative link, as some tools write them. */
	tu_symlink(tu_root, ETC "multi-user.target.wants/cron.service",
	    "../../../../usr/lib/systemd/system/cron.service");
	tu_symlink(tu_root, ETC "getty.target.wants/getty@tty1.service",
	    "/lib/systemd/system/getty@.service");
	tu_symlink(tu_root, ETC "sysinit.target.requires/nftables.service",
	    "/lib/systemd/system/nftables.service");
	tu_symlink(tu_root, ETC "timers.target.wants/apt-daily.timer",
	    "/lib/systemd/system/apt-daily.timer");
	/* Masked with a wants link left behind. */
	tu_symlink(tu_root, ETC "rpcbind.service", "/dev/null");
	tu_symlink(tu_root, ETC "multi-user.target.wants/rpcbind.service",
	    "/lib/systemd/system/rpcbind.service");
	/* Masked at runtime with an empty file. */
	tu_write(tu_root, "/run/systemd/system/cups.service", "", 0644);
	/* A directory that is not a wants dir, and a stray file. */
	tu_write(tu_root, ETC "ssh.service.d/override.conf", "[Service]\n",
	    0644);
	tu_write(tu_root, ETC "README", "hello\n", 0644);
}

static const struct {
	const char	*args;
	enum status	 want;
	const char	*evidence;
} runs[] = {
	{ "{name: ssh, state: enabled}", ST_PASS,
	  "ssh.service is enabled by /etc/systemd/system/multi-user.target."
	  "wants/ssh.service -> /lib/systemd/system/ssh.service" },
	{ "{name: ssh.service, state: enabled}", ST_PASS,
	  "ssh.service is installed: unit file /usr/lib/systemd/system/"
	  "ssh.service (also named sshd.service)" },
	{ "{name: sshd, state: enabled}", ST_PASS,
	  "sshd.service is enabled by /etc/systemd/system/multi-user.target."
	  "wants/ssh.service -> /lib/systemd/system/ssh.service" },
	{ "{name: sshd, state: enabled}", ST_PASS,
	  "sshd.service is installed: unit file /etc/systemd/system/"
	  "sshd.service -> /lib/systemd/system/ssh.service (also named "
	  "ssh.service)" },
	{ "{name: ssh, state: disabled}", ST_FAIL,
	  "ssh.service is enabled" },
	{ "{name: cron, state: enabled}", ST_PASS,
	  "cron.service is enabled by /etc/systemd/system/multi-user.target."
	  "wants/cron.service -> ../../../../usr/lib/systemd/system/"
	  "cron.service" },
	{ "{name: getty@tty1.service, state: enabled}", ST_PASS,
	  "getty@tty1.service is enabled by /etc/systemd/system/getty.target."
	  "wants/getty@tty1.service -> /lib/systemd/system/getty@.service" },
	{ "{name: getty@tty1.service, state: enabled}", ST_PASS,
	  "getty@tty1.service is installed: unit file /usr/lib/systemd/"
	  "system/getty@.service" },
	{ "{name: getty@tty2.service, state: enabled}", ST_FAIL,
	  "getty@tty2.service is not enabled: no link to it in any *.wants/ "
	  "or *.requires/ directory under /etc/systemd/system" },
	{ "{name: getty@.service, state: enabled}", ST_PASS,
	  "getty@.service is enabled by /etc/systemd/system/getty.target."
	  "wants/getty@tty1.service" },
	{ "{name: nftables, state: enabled}", ST_PASS,
	  "nftables.service is enabled by /etc/systemd/system/sysinit.target."
	  "requires/nftables.service" },
	{ "{name: apt-daily.timer, state: enabled}", ST_PASS,
	  "apt-daily.timer is enabled by /etc/systemd/system/timers.target."
	  "wants/apt-daily.timer" },
	{ "{name: apt-daily, state: enabled}", ST_FAIL,
	  "apt-daily.service is not installed: no unit file" },
	{ "{name: avahi-daemon, state: disabled}", ST_PASS,
	  "avahi-daemon.service is installed: unit file /usr/lib/systemd/"
	  "system/avahi-daemon.service" },
	{ "{name: avahi-daemon, state: enabled}", ST_FAIL,
	  "avahi-daemon.service is not enabled" },
	{ "{name: telnet.socket, state: disabled}", ST_PASS,
	  "telnet.socket is not installed: no unit file in "
	  "/etc/systemd/system, /run/systemd/system, "
	  "/usr/local/lib/systemd/system, /usr/lib/systemd/system or "
	  "/lib/systemd/system" },
	{ "{name: rpcbind, state: masked}", ST_PASS,
	  "rpcbind.service is masked by /etc/systemd/system/rpcbind.service "
	  "-> /dev/null" },
	{ "{name: rpcbind, state: enabled}", ST_FAIL,
	  "rpcbind.service is masked by /etc/systemd/system/rpcbind.service "
	  "-> /dev/null" },
	{ "{name: rpcbind, state: disabled}", ST_PASS,
	  "rpcbind.service is masked" },
	{ "{name: rpcbind, state: not_masked}", ST_FAIL,
	  "rpcbind.service is masked by" },
	{ "{name: cups, state: masked}", ST_PASS,
	  "cups.service is masked by /run/systemd/system/cups.service (empty "
	  "file)" },
	{ "{name: cups, state: masked}", ST_PASS,
	  "cups.service is installed: unit file /usr/lib/systemd/system/"
	  "cups.service" },
	{ "{name: ssh, state: masked}", ST_FAIL,
	  "ssh.service is not masked (no link to /dev/null or empty file in "
	  "/etc/systemd/system or /run/systemd/system)" },
	{ "{name: ssh, state: not_masked}", ST_PASS,
	  "ssh.service is not masked" },
	{ "{name: [chrony, ntp, cron], state: enabled}", ST_PASS,
	  "cron.service is enabled by" },
	{ "{name: [chrony, ntp], state: enabled}", ST_FAIL,
	  "ntp.service is not enabled" },
	{ "{name: [avahi-daemon, cups, rpcbind], state: disabled}", ST_PASS,
	  "cups.service is masked" },
	{ "{name: [avahi-daemon, cron], state: disabled}", ST_FAIL,
	  "cron.service is enabled" },
	{ "{name: [rpcbind, cups], state: masked}", ST_PASS,
	  "cups.service is masked" },
	{ "{name: [rpcbind, avahi-daemon], state: masked}", ST_FAIL,
	  "avahi-daemon.service is not masked" },
	{ "{name: [rpcbind, avahi-daemon], state: not_masked}", ST_PASS,
	  "avahi-daemon.service is not masked" },
};

START_TEST(test_service_verdicts_on_systemd_tree)
{
	tu_check_verdict("service", runs[_i].args, runs[_i].want,
	    runs[_i].evidence);
}
END_TEST

START_TEST(test_service_evidence_paths_and_values)
{
	struct evlist ev;
	int st = tu_probe_run(tu_root, "service", "{name: cron, state: "
	    "disabled}", &ev, NULL);

	ck_assert_int_eq(st, ST_FAIL);
	ck_assert_str_eq(ev.v[0].path,
	    "/etc/systemd/system/multi-user.target.wants/cron.service");
	ck_assert_str_eq(ev.v[1].message, "cron.service is enabled");
	ck_assert_str_eq(ev.v[1].expected, "disabled");
	ck_assert_str_eq(ev.v[1].found, "enabled");
	ck_assert_str_eq(ev.v[2].path, "/usr/lib/systemd/system/cron.service");
	evlist_release(&ev);
}
END_TEST

START_TEST(test_service_without_systemd_dirs)
{
	char *empty = tu_tmpdir();
	struct evlist ev;
	int st;

	st = tu_probe_run(empty, "service", "{name: ssh, state: enabled}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_FAIL);
	ck_assert(tu_ev_has(&ev, "ssh.service is not installed"));
	evlist_release(&ev);
	st = tu_probe_run(empty, "service", "{name: ssh, state: disabled}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	evlist_release(&ev);
	tu_rmtree(empty);
	free(empty);
}
END_TEST

START_TEST(test_service_fifo_unit_and_looping_wants_dir)
{
	struct evlist ev;
	int st;

	tu_mkfifo(tu_root, VENDOR "fifo.service");
	/* A FIFO is not a unit file: looked past, reported as absent. */
	st = tu_probe_run(tu_root, "service", "{name: fifo, state: disabled}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_PASS);
	ck_assert(tu_ev_has(&ev, "fifo.service is not installed"));
	evlist_release(&ev);
	tu_write(tu_root, "/usr/lib/systemd/system/loop.service", plain_unit,
	    0644);
	tu_symlink(tu_root, ETC "loop.service.wants", "loop.service.wants");
	st = tu_probe_run(tu_root, "service", "{name: loop, state: disabled}",
	    &ev, NULL);
	ck_assert_int_eq(st, ST_ERROR);
	ck_assert(tu_ev_has(&ev, "cannot read /etc/systemd/system/"
	    "loop.service.wants: too many levels of symbolic links"));
	evlist_release(&ev);
}
END_TEST

static const struct {
	const char	*args;
	const char	*err;
} bad[] = {
	{ "{name: ssh, state: enabled, user: root}",
	  "test.yaml:1:29: unknown key \"user\" in service" },
	{ "{state: enabled}",
	  "test.yaml:1:1: missing required key \"name\" in service" },
	{ "{name: ssh}",
	  "test.yaml:1:1: missing required key \"state\" in service" },
	{ "{name: ssh, state: running}",
	  "test.yaml:1:20: state: expected enabled, disabled, masked or "
	  "not_masked, got \"running\"" },
	{ "{name: ../../etc/passwd, state: enabled}",
	  "test.yaml:1:8: name: invalid unit name \"../../etc/passwd\"" },
	{ "{name: [ssh, \"my service\"], state: enabled}",
	  "test.yaml:1:14: name: invalid unit name \"my service\"" },
	{ "{name: [], state: enabled}",
	  "test.yaml:1:8: name: expected a unit name or a list of them, got "
	  "an empty list" },
	{ "{name: {a: 1}, state: enabled}",
	  "test.yaml:1:8: name: expected a string or a list of strings, got "
	  "a mapping" },
	{ "ssh",
	  "test.yaml:1:1: service: expected a mapping, got \"ssh\"" },
};

START_TEST(test_service_compile_errors)
{
	tu_check_compile_error("service", bad[_i].args, bad[_i].err);
}
END_TEST

static Suite *
service_suite(void)
{
	Suite *s = suite_create("probe_service");
	TCase *tc = tcase_create("systemd");

	tcase_add_checked_fixture(tc, setup, tu_root_teardown);
	tcase_add_loop_test(tc, test_service_verdicts_on_systemd_tree, 0,
	    NITEMS(runs));
	tcase_add_test(tc, test_service_evidence_paths_and_values);
	tcase_add_test(tc, test_service_without_systemd_dirs);
	tcase_add_test(tc, test_service_fifo_unit_and_looping_wants_dir);
	suite_add_tcase(s, tc);
	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_service_compile_errors, 0, NITEMS(bad));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(service_suite());
}

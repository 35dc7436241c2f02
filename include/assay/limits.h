/*
 * limits.h -- every cap assay puts on input-driven work, and why.
 *
 * A target is hostile until proven otherwise: a root filesystem or an image
 * may hold a 10 GB "sshd_config", a symlink loop, a million-entry directory
 * or a regex-busting line. Every allocation or loop driven by target or
 * policy input is bounded by one of these values. Usage:
 *
 *   1. start from limits_default (a const copy);
 *   2. let the CLI override the user-tunable fields (--max-file-size);
 *   3. pass a const pointer down to every module that reads input.
 */
#ifndef ASSAY_LIMITS_H
#define ASSAY_LIMITS_H

#include <stddef.h>
#include <stdint.h>

struct limits {
	/* Bytes read from one file of the target. Real config files are
	 * kilobytes; 16 MiB leaves room for large sudoers or audit rule sets
	 * while a decoy multi-gigabyte file becomes an `error` result rather
	 * than an out-of-memory kill or a silently truncated pass. */
	size_t		read_max;
	/* Bytes of the target's rpm database (rpmdb.sqlite, plus its
	 * write-ahead log), read whole for librpm (rpmdb.c). A RHEL or Fedora
	 * server's is 5-100 MiB (headers of every package, file lists
	 * included), far over read_max; 256 MiB leaves room for a large
	 * workstation while a decoy file is still an `error` result. */
	size_t		rpmdb_bytes;
	/* Bytes of one policy YAML file. The largest pack is ~200 KB. */
	size_t		policy_bytes;
	/* Nesting depth of a YAML document and of a check tree: deep enough
	 * for any hand-written policy, shallow enough for our recursion. */
	unsigned	yaml_depth;
	/* Evidence items kept per result; the rest are counted. Stops a
	 * world-writable walk over a broken image from printing a million
	 * lines and GitHub from truncating the SARIF. */
	size_t		evidence_max;
	/* Symlinks followed while resolving one path: Linux uses 40. */
	unsigned	symlink_hops;
	/* Include nesting in sshd_config / sudoers: sshd itself allows 16. */
	unsigned	include_depth;
	/* Files matched by one Include or glob: more is an attack. */
	size_t		glob_max;
	/* Directory depth of a walk; a deeper directory is an `error`
	 * naming it, not entered. Real trees nest deep (node_modules,
	 * Java packages, build caches: hundreds of levels) and a path may
	 * exceed PATH_MAX, since the walk is *at()-relative; 4096 covers
	 * any tree a 4 KB path can name twice over. The walk keeps one
	 * small level record per depth (no recursion) and at most 33
	 * directory descriptors (target_dir.c), so the cap bounds memory
	 * to a few hundred KB plus the names of the directories on the
	 * current path. */
	unsigned	walk_depth;
	/* pcre2 match and depth limits, applied to every regex match. */
	uint32_t	rx_match_limit;
	uint32_t	rx_depth_limit;

	/* Image targets (target_image.c). A tarball is hostile input: its
	 * JSON, member names, sizes and compression ratios are all checked
	 * against these before anything is allocated or looped over. */

	/* Bytes of one manifest.json, index.json, manifest or config blob.
	 * Real ones are a few KB (a config with a long history ~100 KB). */
	size_t		image_json_bytes;
	/* Tar entries read over all layers of one image (and so nodes in
	 * the merged tree). A full distro image has ~30k-100k; 2M bounds
	 * the tree to a few hundred MB even for a crafted image. */
	uint64_t	image_entries;
	/* Layers of one image: overlayfs stacks at most ~128 lower dirs. */
	unsigned	image_layers;
	/* Uncompressed bytes of one layer, and of all layers together:
	 * bounds the time spent decompressing (a decompression bomb). */
	uint64_t	image_layer_bytes;
	uint64_t	image_total_bytes;
	/* Uncompressed / compressed bytes, checked once a stream has given
	 * more than 256 MiB: gzip tops out near 1032:1 on zeros and real
	 * layers are 2-10:1, so a higher ratio is a nested or crafted bomb
	 * that would otherwise burn minutes of CPU before the byte caps. */
	unsigned	image_bomb_ratio;
	/* File contents kept in memory (all files together). Metadata is
	 * kept for every path, content only for the files the profile
	 * reads (target_opts.content_globs) plus the default set below;
	 * past this budget further content is dropped and reads of it
	 * fail, so a 1 GB image is scanned in well under 64 MB of RSS. */
	size_t		image_retain_bytes;
	/* Largest file of the default retained set kept: configuration
	 * files and package databases are far smaller; a larger one is
	 * FS_ETOOBIG. The default set (image_layers.c, docs/images.md):
	 * /etc, /usr/lib/sysctl.d, /lib/sysctl.d, /usr/lib/systemd/system,
	 * /lib/systemd/system, /usr/lib/os-release, /var/lib/dpkg/status,
	 * /var/lib/dpkg/status.d, /lib/apk/db/installed, /boot/grub,
	 * /root, /home/ * /.ssh and /home/ * /.*history: every file the
	 * built-in packs and the package/accounts/service probes read. */
	size_t		image_retain_file;
	/* Compressed layer blobs held in memory when an archive stores
	 * layers out of manifest order (OCI archives store blobs sorted by
	 * digest); a blob that does not fit costs one more pass instead. */
	size_t		image_buffer_bytes;

	/* Disk image targets (engine/target/disk.c). */

	/* Partitions of one disk image looked at: GPT's default table has
	 * 128 entries and real disks use a handful; a crafted table may
	 * claim thousands. More is an error, not a partial view. */
	unsigned	disk_partitions;
	/* File systems attached from the root's /etc/fstab: a CIS layout
	 * has about eight (/boot, /var, /var/log, /var/log/audit, /home,
	 * /tmp, /var/tmp, /boot/efi); 32 is any real one. */
	unsigned	disk_mounts;
	/* Bytes of an LVM2 volume group's text metadata (disk_lvm.c):
	 * pvcreate's default metadata area is 1 MiB and a VG of a few
	 * dozen volumes writes a few KiB; more is refused. */
	size_t		lvm_metadata_bytes;
	/* Bytes of file system blocks an ext3/4 journal needing recovery
	 * replays in memory (fs_ext_journal.c): mke2fs makes journals of
	 * 4 MiB to 1 GiB, and what a crash leaves to replay is the last
	 * few transactions; 64 MiB, more is refused (e2fsck on a copy). */
	size_t		ext_journal_bytes;

	/* Bytes of one extended attribute value (target_getxattr()):
	 * Linux's own cap, XATTR_SIZE_MAX (linux/limits.h), 64 KiB; a
	 * security.capability is 20 or 24 bytes. */
	size_t		xattr_bytes;
	/* SCAP content (engine/scap/). */

	/* Bytes of one data stream or XCCDF/OVAL file: SSG's largest
	 * (RHEL 9) is ~30 MB; 128 MiB leaves room for DISA bundles while
	 * the DOM (~5x the file) stays bounded. */
	size_t		scap_bytes;
	/* OVAL items collected for one object (lines matched, files
	 * found, values of a variable): SSG objects give a few hundred;
	 * a regex matching every byte of a 16 MiB file must stop. */
	size_t		oval_items;
	/* Bytes of one packaged file hashed by an OVAL rpmverifyfile test
	 * (read whole): most are under 10 MiB, the largest shared libraries
	 * (libLLVM, firmware) a few hundred; a larger file is an `error`
	 * naming it, not a silent skip. */
	size_t		rpmverify_bytes;
	/* Bytes of the binary SELinux policy an OVAL selinuxboolean test
	 * reads (/etc/selinux/TYPE/policy/policy.NN, given whole to
	 * libsepol): RHEL 9's targeted policy is ~4 MiB, Fedora's mls
	 * ~8 MiB; 64 MiB, more is an `error` naming the file. */
	size_t		selinux_policy_bytes;
	/* OVAL definition and test results kept for the ARF's OVAL
	 * results (`--format arf`, `oval`): a full SSG profile evaluates
	 * ~5,000; past this the rest are left out and the document says
	 * so. As many collected items again (oval_sc.c). */
	size_t		oval_results;
	/* `assay merge` (engine/merge.c). */

	/* Bytes of one JSON report read. A full default scan of a Debian
	 * root is ~0.5 MB (538 rules with their evidence); 64 MiB leaves
	 * room for every rule capped at evidence_max items while a decoy
	 * file is refused before it is parsed. */
	size_t		merge_report_bytes;
	/* Reports merged in one run: a registry of 100,000 images. Each
	 * keeps ~200 bytes of summary between the passes. */
	size_t		merge_reports;
	/* Keyword bytes of the detectors of one `secrets` rule (secret_scan.c):
	 * each byte may be a state of the keyword automaton, whose table is
	 * states times byte classes (at most 231) of 4 bytes, so 8 KiB bounds
	 * a rule's table to ~7 MB. The secrets pack uses about 700 bytes. */
	size_t		secret_keyword_bytes;
};

extern const struct limits limits_default;

#endif /* ASSAY_LIMITS_H */

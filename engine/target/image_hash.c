/*
 * image_hash.c -- SHA-256 of layer blobs, beside the layer reader.
 *
 * Checking a layer against its digest means hashing every byte of it,
 * and SHA-256 of one stream is sequential: on an uncompressed
 * docker-archive it costs several times what reading the tar does. When
 * a blob lies at a known place in a regular file (a member of an
 * uncompressed archive, a blob file of an OCI layout), the hash does not
 * need the bytes the tar reader sees: worker threads pread() each blob in
 * 256 KiB blocks and hash it while the main thread reads the tar
 * headers, seeking past the file data it does not keep. There is one
 * worker less than there are CPUs (the reader has the last one); they
 * take the largest blobs, largest first, since SHA-256 of one blob is
 * sequential and the largest one is the floor of the whole scan. The
 * other blobs are left to the reader (image_hasher_claim), which hashes
 * each as it reads it, so parsing and hashing share one copy of the
 * bytes. Which blob is whose is decided at the start from the sizes and
 * the CPU count, never from timing (see reserve()).
 *
 * A job nobody has taken yet when its result is wanted is run by the
 * caller itself: with no worker (pthread_create failing) the result is
 * the same, only slower. Workers stop between blocks when the hasher is
 * freed.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "assay/xmem.h"
#include "image_private.h"

#define HASH_BLOCK	((size_t)256 << 10)	/* fits in L2 */
/* A blob this large has its reads on a thread of their own... */
#define PIPE_MIN	((uint64_t)32 << 20)
/* ... through a ring of this many blocks (memory: 1 MiB a blob). */
#define RING_SLOTS	4
#define RING_BLOCK	((size_t)256 << 10)
/* Workers at most: more than the layers' bytes can keep busy. */
#define HASH_THREADS	8

enum job_state {
	JOB_PENDING,
	JOB_RUNNING,
	JOB_DONE,
	JOB_RESERVED,		/* left for the caller, ... */
	JOB_CLAIMED		/* ... who hashes it as it reads it */
};

struct hash_job {
	int		 fd;
	uint64_t	 off;
	uint64_t	 len;
	enum job_state	 state;
	bool		 failed;
	char		 hex[65];
	char		 err[160];
};

struct image_hasher {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct hash_job	*jobs;
	size_t		 njobs;
	size_t		 jcap;
	pthread_t	*th;
	unsigned	 nth;
	long		 ncpu;
	bool		 started;
	bool		 stop;
};

struct image_hasher *
image_hasher_new(void)
{
	struct image_hasher *h = xcalloc(1, sizeof(*h));

	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	return h;
}

size_t
image_hasher_add(struct image_hasher *h, int fd, uint64_t off,
    uint64_t len)
{
	struct hash_job *j;

	assert(!h->started);
	xgrow((void **)&h->jobs, &h->jcap, h->njobs + 1, sizeof(*h->jobs));
	j = &h->jobs[h->njobs];
	memset(j, 0, sizeof(*j));
	j->fd = fd;
	j->off = off;
	j->len = len;
	return h->njobs++;
}

/* A reader thread feeding one large blob to its hasher through a ring
 * of RING_SLOTS blocks, so copying the bytes out of the page cache and
 * hashing them run on two cores. */
struct ring {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	const struct hash_job	*j;
	char			*buf[RING_SLOTS];
	size_t			 len[RING_SLOTS];
	uint64_t		 head;		/* blocks filled */
	uint64_t		 tail;		/* blocks hashed */
	int			 err;		/* errno; -1: file too short */
	bool			 done;		/* the reader has stopped */
	bool			 quit;		/* the hasher has stopped */
};

static void
ring_init(struct ring *r)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	for (size_t i = 0; i < RING_SLOTS; i++)
		r->buf[i] = xmalloc(RING_BLOCK);
}

static void
ring_release(struct ring *r)
{
	for (size_t i = 0; i < RING_SLOTS; i++)
		free(r->buf[i]);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
}

/* The consumer: hash the blocks of R into MD as they are filled, until
 * the producer is done or *STOP (read atomically; may be NULL) is set,
 * which also tells the producer to quit. The bytes hashed. */
static uint64_t
ring_hash(struct ring *r, EVP_MD_CTX *md, const bool *stop)
{
	uint64_t hashed = 0;

	for (;;) {
		size_t slot;
		bool quit;

		pthread_mutex_lock(&r->mu);
		while (r->tail == r->head && !r->done)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->tail == r->head) {
			pthread_mutex_unlock(&r->mu);
			return hashed;
		}
		slot = (size_t)(r->tail % RING_SLOTS);
		pthread_mutex_unlock(&r->mu);
		/* [tail, head) is the consumer's until tail moves */
		EVP_DigestUpdate(md, r->buf[slot], r->len[slot]);
		hashed += r->len[slot];
		pthread_mutex_lock(&r->mu);
		r->tail++;
		if (stop != NULL && __atomic_load_n(stop, __ATOMIC_RELAXED))
			r->quit = true;
		quit = r->quit;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (quit)
			return hashed;
	}
}

static void *
ring_reader(void *arg)
{
	struct ring *r = arg;
	uint64_t done = 0;

	while (done < r->j->len) {
		size_t want = r->j->len - done < RING_BLOCK ?
		    (size_t)(r->j->len - done) : RING_BLOCK;
		size_t slot;
		ssize_t n;
		bool quit;

		pthread_mutex_lock(&r->mu);
		while (r->head - r->tail == RING_SLOTS && !r->quit)
			pthread_cond_wait(&r->cv, &r->mu);
		slot = (size_t)(r->head % RING_SLOTS);
		quit = r->quit;
		pthread_mutex_unlock(&r->mu);
		if (quit)
			break;
		/* slot is outside [tail, head): the hasher is not in it */
		n = image_pread(r->j->fd, r->buf[slot], want, r->j->off + done);
		pthread_mutex_lock(&r->mu);
		if (n <= 0) {
			r->err = n < 0 ? errno : -1;
			pthread_mutex_unlock(&r->mu);
			break;
		}
		r->len[slot] = (size_t)n;
		r->head++;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		done += (uint64_t)n;
	}
	pthread_mutex_lock(&r->mu);
	r->done = true;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Hash job J through a ring filled by a reader thread into MD: 0, the
 * errno of a failed read, -1 when the file is too short, or EINTR
 * when H is stopping; ENOSYS when no thread could be started. */
static int
hash_piped(struct image_hasher *h, const struct hash_job *j, EVP_MD_CTX *md)
{
	struct ring r;
	pthread_t th;
	uint64_t hashed;
	int rc = ENOSYS;

	ring_init(&r);
	r.j = j;
	if (pthread_create(&th, NULL, ring_reader, &r) == 0) {
		hashed = ring_hash(&r, md, &h->stop);
		pthread_mutex_lock(&r.mu);
		r.quit = true;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
		pthread_join(th, NULL);
		rc = hashed == j->len ? 0 : r.err != 0 ? r.err : EINTR;
	}
	ring_release(&r);
	return rc;
}

/* Hash job J in the calling thread into MD, with BUF: as hash_piped(). */
static int
hash_plain(struct image_hasher *h, const struct hash_job *j, char *buf,
    EVP_MD_CTX *md)
{
	uint64_t done = 0;

	while (done < j->len) {
		size_t want = j->len - done < HASH_BLOCK ?
		    (size_t)(j->len - done) : HASH_BLOCK;
		ssize_t n = image_pread(j->fd, buf, want, j->off + done);

		if (n <= 0)
			return n < 0 ? errno : -1;
		EVP_DigestUpdate(md, buf, (size_t)n);
		done += (uint64_t)n;
		if (__atomic_load_n(&h->stop, __ATOMIC_RELAXED))
			return EINTR;
	}
	return 0;
}

/* Hash the bytes of job J (its fields are not changed meanwhile) into
 * HEX, or say why not in ERR. A large blob gets a reader thread of its
 * own (hash_piped); gives up early when H is stopping. */
static bool
hash_range(struct image_hasher *h, const struct hash_job *j, char *buf,
    char hex[65], char *err, size_t errlen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc = ENOSYS;

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "cannot initialise sha256");
		EVP_MD_CTX_free(md);
		return false;
	}
	if (j->len >= PIPE_MIN && h->ncpu > 1)
		rc = hash_piped(h, j, md);
	if (rc == ENOSYS)
		rc = hash_plain(h, j, buf, md);
	if (rc == 0) {
		image_md_hex(md, hex);
	} else {
		snprintf(err, errlen, "%s", rc == -1 ? "truncated: the file "
		    "ends inside the blob" : rc == EINTR ? "cancelled" :
		    diag_errno(rc));
	}
	EVP_MD_CTX_free(md);
	return rc == 0;
}

/* A stream hashed on a thread of its own: the caller copies what it is
 * fed into the ring (the blocks libarchive hands out live only until its
 * next call) and a thread hashes full blocks behind it. Without a second
 * CPU, or a thread, it is hashed in place. */
struct image_streamhash {
	struct ring	 r;
	EVP_MD_CTX	*md;
	pthread_t	 th;
	bool		 threaded;
	size_t		 fill;		/* bytes in block r.head (ours) */
};

static void *
stream_hasher(void *arg)
{
	struct image_streamhash *sh = arg;

	(void)ring_hash(&sh->r, sh->md, NULL);
	return NULL;
}

struct image_streamhash *
image_streamhash_new(void)
{
	struct image_streamhash *sh = xcalloc(1, sizeof(*sh));

	sh->md = EVP_MD_CTX_new();
	if (sh->md == NULL || EVP_DigestInit_ex(sh->md, EVP_sha256(), NULL)
	    != 1) {
		EVP_MD_CTX_free(sh->md);
		free(sh);
		return NULL;
	}
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return sh;
	ring_init(&sh->r);
	sh->threaded = pthread_create(&sh->th, NULL, stream_hasher, sh) == 0;
	if (!sh->threaded)
		ring_release(&sh->r);
	return sh;
}

/* Hand the block being filled to the hasher. */
static void
stream_publish(struct image_streamhash *sh)
{
	struct ring *r = &sh->r;

	pthread_mutex_lock(&r->mu);
	r->len[r->head % RING_SLOTS] = sh->fill;
	r->head++;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	sh->fill = 0;
}

void
image_streamhash_feed(struct image_streamhash *sh, const void *p, size_t n)
{
	struct ring *r = &sh->r;
	const char *q = p;

	if (!sh->threaded) {
		EVP_DigestUpdate(sh->md, p, n);
		return;
	}
	while (n > 0) {
		size_t k;

		if (sh->fill == 0) {	/* wait for a free block */
			pthread_mutex_lock(&r->mu);
			while (r->head - r->tail == RING_SLOTS)
				pthread_cond_wait(&r->cv, &r->mu);
			pthread_mutex_unlock(&r->mu);
		}
		k = RING_BLOCK - sh->fill < n ? RING_BLOCK - sh->fill : n;
		memcpy(r->buf[r->head % RING_SLOTS] + sh->fill, q, k);
		sh->fill += k;
		q += k;
		n -= k;
		if (sh->fill == RING_BLOCK)
			stream_publish(sh);
	}
}

void
image_streamhash_finish(struct image_streamhash *sh, char hex[65])
{
	if (sh == NULL)
		return;
	if (sh->threaded) {
		if (sh->fill > 0)
			stream_publish(sh);
		pthread_mutex_lock(&sh->r.mu);
		sh->r.done = true;
		pthread_cond_broadcast(&sh->r.cv);
		pthread_mutex_unlock(&sh->r.mu);
		pthread_join(sh->th, NULL);
		ring_release(&sh->r);
	}
	if (hex != NULL)
		image_md_hex(sh->md, hex);
	EVP_MD_CTX_free(sh->md);
	free(sh);
}

/* Run job I, taken by the caller (state RUNNING), and publish it. */
static void
run_job(struct image_hasher *h, size_t i, char *buf)
{
	struct hash_job j;
	char hex[65] = "";
	char err[160] = "";
	bool ok;

	pthread_mutex_lock(&h->mu);
	j = h->jobs[i];
	pthread_mutex_unlock(&h->mu);
	ok = hash_range(h, &j, buf, hex, err, sizeof(err));
	pthread_mutex_lock(&h->mu);
	h->jobs[i].failed = !ok;
	memcpy(h->jobs[i].hex, hex, sizeof(hex));
	memcpy(h->jobs[i].err, err, sizeof(err));
	h->jobs[i].state = JOB_DONE;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* The largest pending job, marked RUNNING, or SIZE_MAX: the longest
 * hash starts first, so the smaller ones fill the other cores around it
 * rather than leave it running alone at the end. Holds h->mu. */
static size_t
take_job(struct image_hasher *h)
{
	size_t best = SIZE_MAX;

	if (h->stop)
		return SIZE_MAX;
	for (size_t i = 0; i < h->njobs; i++)
		if (h->jobs[i].state == JOB_PENDING && (best == SIZE_MAX ||
		    h->jobs[i].len > h->jobs[best].len))
			best = i;
	if (best != SIZE_MAX)
		h->jobs[best].state = JOB_RUNNING;
	return best;
}

static void *
worker(void *arg)
{
	struct image_hasher *h = arg;
	char *buf = xmalloc(HASH_BLOCK);

	for (;;) {
		size_t i;

		pthread_mutex_lock(&h->mu);
		i = take_job(h);
		pthread_mutex_unlock(&h->mu);
		if (i == SIZE_MAX)
			break;
		run_job(h, i, buf);
	}
	free(buf);
	return NULL;
}

/* All but the WANT largest jobs are left for the caller to hash as it
 * reads them: which job is whose depends on the sizes and the CPUs only,
 * never on timing (the tar reader of a blob a worker hashes skips data
 * unread, which can change libarchive's message on a damaged layer). */
static void
reserve(struct image_hasher *h, unsigned want)
{
	for (size_t i = 0; i < h->njobs; i++) {
		size_t larger = 0;

		for (size_t k = 0; k < h->njobs; k++)
			if (h->jobs[k].len > h->jobs[i].len ||
			    (h->jobs[k].len == h->jobs[i].len && k < i))
				larger++;
		if (larger >= want)
			h->jobs[i].state = JOB_RESERVED;
	}
}

/* One worker less than there are CPUs: the caller reads the layers on
 * the last one, and hashes those left to it as it reads them. */
void
image_hasher_start(struct image_hasher *h)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned want;

	if (h->started)
		return;
	h->started = true;
	h->ncpu = ncpu;
	want = ncpu < 2 ? 0 : (unsigned)(ncpu - 1 < HASH_THREADS ? ncpu - 1 :
	    HASH_THREADS);
	if (want > h->njobs)
		want = (unsigned)h->njobs;
	reserve(h, want);
	if (want == 0)
		return;
	h->th = xcalloc(want, sizeof(*h->th));
	for (unsigned i = 0; i < want; i++) {
		if (pthread_create(&h->th[h->nth], NULL, worker, h) != 0)
			break;		/* the caller runs what is left */
		h->nth++;
	}
}

bool
image_hasher_claim(struct image_hasher *h, size_t i)
{
	bool mine;

	assert(i < h->njobs);
	pthread_mutex_lock(&h->mu);
	mine = h->jobs[i].state == JOB_RESERVED;
	if (mine)
		h->jobs[i].state = JOB_CLAIMED;
	pthread_mutex_unlock(&h->mu);
	return mine;
}

int
image_hasher_wait(struct image_hasher *h, size_t i, char hex[65],
    char *err, size_t errlen)
{
	bool mine = false;
	int rc;

	assert(i < h->njobs);
	pthread_mutex_lock(&h->mu);
	assert(h->jobs[i].state != JOB_CLAIMED);
	if (h->jobs[i].state == JOB_RESERVED)
		h->jobs[i].state = JOB_PENDING;	/* not read whole after all */
	if (h->jobs[i].state == JOB_PENDING) {
		h->jobs[i].state = JOB_RUNNING;
		mine = true;
	}
	pthread_mutex_unlock(&h->mu);
	if (mine) {
		char *buf = xmalloc(HASH_BLOCK);

		run_job(h, i, buf);
		free(buf);
	}
	pthread_mutex_lock(&h->mu);
	while (h->jobs[i].state != JOB_DONE)
		pthread_cond_wait(&h->cv, &h->mu);
	rc = h->jobs[i].failed ? -1 : 0;
	memcpy(hex, h->jobs[i].hex, 65);
	snprintf(err, errlen, "%s", h->jobs[i].err);
	pthread_mutex_unlock(&h->mu);
	return rc;
}

void
image_hasher_free(struct image_hasher *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->mu);
	__atomic_store_n(&h->stop, true, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&h->mu);
	for (unsigned i = 0; i < h->nth; i++)
		pthread_join(h->th[i], NULL);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h->th);
	free(h->jobs);
	free(h);
}

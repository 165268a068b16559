package dev.lethe.query.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the whole chain from the database: gap-free sequences, each entry linked to its predecessor's hash,
 * each entry hash equal to SHA-256 of its canonical encoding, each event copy equal to its digest; then every
 * stored checkpoint's signature and its agreement with the entry it names. Reports the first sequence that fails.
 *
 * <p>A long trail is verified in sequence ranges at once, each on its own connection, all in one snapshot (the
 * verifying transaction's, exported to the others). Every entry carries its predecessor's hash, so a range needs
 * nothing from the one before it but that range's last state: each range walks its entries after the first from
 * the first one's sequence and hash, and the seams are joined in order, the first entry of each range checked
 * against the true state at that point. The answer is the one a single pass in sequence order gives.
 */
@Component
class ChainVerifier {

    /** Below this many entries per range a trail is verified in one pass: a range costs a connection and a query. */
    static final int MIN_RANGE_ENTRIES = 20_000;

    private final AuditTrail trail;
    private final Checkpoints checkpoints;
    private final CheckpointKeys keys;
    private final Timer duration;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate rangeSnapshot;
    private final int parallelism;

    ChainVerifier(AuditTrail trail, Checkpoints checkpoints, CheckpointKeys keys, MeterRegistry meters,
                  PlatformTransactionManager transactions,
                  @Value("${lethe.audit.verify.parallelism:0}") int parallelism) {
        this.trail = trail;
        this.checkpoints = checkpoints;
        this.keys = keys;
        // one consistent snapshot: checkpoints and entries as of the same moment, entries fetched in batches
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.rangeSnapshot = new TransactionTemplate(transactions);
        this.rangeSnapshot.setReadOnly(true);
        this.rangeSnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.rangeSnapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.parallelism = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        this.duration = Timer.builder("lethe.audit.verify.duration").description("time to verify the whole audit trail")
                .register(meters);
    }

    public Verification verify() {
        return duration.record(() -> snapshot.execute(status -> verifyNow(0)));
    }

    /** In exactly {@code ranges} ranges (at least one entry each where the trail has them), for tests. */
    Verification verify(int ranges) {
        return snapshot.execute(status -> verifyNow(ranges));
    }

    private Verification verifyNow(int forcedRanges) {
        List<Checkpoint> stored = checkpoints.all();
        Set<Long> signed = stored.stream().map(Checkpoint::sequence).collect(Collectors.toSet());
        long count = trail.count();
        int ranges = forcedRanges > 0 ? (int) Math.max(1, Math.min(forcedRanges, count))
                : (int) Math.max(1, Math.min(parallelism, count / MIN_RANGE_ENTRIES));
        List<RangeWalk> walks = ranges == 1 ? List.of(walk(Long.MIN_VALUE, Long.MAX_VALUE, signed))
                : inParallel(bounds(count, ranges), signed);

        Walk walk = new Walk(1, AuditEntry.GENESIS_HASH);
        Map<Long, byte[]> hashes = new HashMap<>();
        for (RangeWalk range : walks) {
            if (range.first == null) {
                continue;
            }
            walk.check(range.first);
            if (walk.failure == null) {
                walk.continueWith(range.rest);
            }
            if (walk.failure != null) {
                break;
            }
            hashes.putAll(range.signedHashes);
        }
        long entries = walk.expected - 1;
        if (walk.failure != null) {
            return Verification.invalid(entries, 0, walk.failedAt, walk.failure);
        }
        int verified = 0;
        for (Checkpoint checkpoint : stored) {
            if (!keys.verify(checkpoint.keyId(), checkpoint.canonicalEncoding(), checkpoint.signature())) {
                return Verification.invalid(entries, verified, checkpoint.sequence(),
                        "checkpoint signature does not verify (key " + checkpoint.keyId() + ")");
            }
            byte[] actual = hashes.get(checkpoint.sequence());
            if (actual == null) {
                return Verification.invalid(entries, verified, entries + 1, "trail ends at sequence " + entries
                        + " but a checkpoint signed sequence " + checkpoint.sequence() + ": entries were removed");
            }
            if (!Arrays.equals(actual, checkpoint.entryHash())) {
                return Verification.invalid(entries, verified, checkpoint.sequence(),
                        "entry hash differs from the signed checkpoint: the chain was rewritten");
            }
            verified++;
        }
        return Verification.valid(entries, verified);
    }

    /**
     * Sequence ranges covering every possible sequence, split where an intact trail ({@code 1..count}) would have
     * equal parts; a trail with gaps or stray sequences only makes the parts uneven, never leaves a row out.
     */
    private static List<long[]> bounds(long count, int ranges) {
        List<long[]> bounds = new ArrayList<>(ranges);
        long from = Long.MIN_VALUE;
        for (int i = 1; i < ranges; i++) {
            long next = 1 + count * i / ranges;
            bounds.add(new long[] {from, next - 1});
            from = next;
        }
        bounds.add(new long[] {from, Long.MAX_VALUE});
        return bounds;
    }

    /** Each range in a transaction of its own that imports this one's snapshot; results in range order. */
    private List<RangeWalk> inParallel(List<long[]> bounds, Set<Long> signed) {
        String snapshotId = trail.exportSnapshot();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallelism, bounds.size()), runnable -> {
            Thread thread = new Thread(runnable, "audit-verify");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<RangeWalk>> futures = new ArrayList<>(bounds.size());
            for (long[] range : bounds) {
                futures.add(workers.submit(() -> rangeSnapshot.execute(status -> {
                    trail.importSnapshot(snapshotId);
                    return walk(range[0], range[1], signed);
                })));
            }
            List<RangeWalk> walks = new ArrayList<>(bounds.size());
            for (Future<RangeWalk> future : futures) {
                walks.add(future.get());
            }
            return walks;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("audit verification failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying the audit trail", e);
        } finally {
            workers.shutdownNow();
        }
    }

    /** One range: its first entry kept for the seam, the others walked from the first one's sequence and hash. */
    private RangeWalk walk(long from, long to, Set<Long> signed) {
        RangeWalk range = new RangeWalk();
        trail.forEachEntry(from, to, row -> {
            AuditEntry entry = row.entry();
            if (range.first == null) {
                range.first = row;
                range.rest = new Walk(entry.sequence() + 1, entry.entryHash());
            } else if (range.rest.failure == null) {
                range.rest.check(row);
            } else {
                return;
            }
            if (signed.contains(entry.sequence())) {
                range.signedHashes.put(entry.sequence(), entry.entryHash());
            }
        });
        return range;
    }

    /** What one range found; {@code first} is null for a range without entries. */
    private static final class RangeWalk {
        AuditTrail.EntryWithCopy first;
        Walk rest;
        final Map<Long, byte[]> signedHashes = new HashMap<>();
    }

    /** The state of one pass over the chain. */
    private static final class Walk {
        long expected;
        byte[] previousHash;
        Long failedAt;
        String failure;

        Walk(long expected, byte[] previousHash) {
            this.expected = expected;
            this.previousHash = previousHash;
        }

        void check(AuditTrail.EntryWithCopy row) {
            AuditEntry entry = row.entry();
            if (entry.sequence() != expected) {
                fail("sequence " + expected + " is missing (next entry found is " + entry.sequence() + ")");
            } else if (!Arrays.equals(entry.previousHash(), previousHash)) {
                fail("previous hash does not match the entry hash of sequence " + (expected - 1));
            } else if (!Arrays.equals(entry.computeHash(), entry.entryHash())) {
                fail("entry hash does not match its content");
            } else if (!row.copyPresent()) {
                fail("the stored copy of the event is missing");
            } else if (!row.copyMatches()) {
                fail("the stored copy of the event does not match the entry's digest");
            } else {
                previousHash = entry.entryHash();
                expected++;
            }
        }

        /**
         * Takes over the state of a range walked from the entry this walk has just accepted: that walk started
         * from exactly this walk's state, so its outcome is what this walk would have found.
         */
        void continueWith(Walk rest) {
            expected = rest.expected;
            previousHash = rest.previousHash;
            failedAt = rest.failedAt;
            failure = rest.failure;
        }

        private void fail(String reason) {
            failedAt = expected;
            failure = reason;
        }
    }
}

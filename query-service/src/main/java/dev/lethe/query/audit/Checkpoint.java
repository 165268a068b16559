package dev.lethe.query.audit;

import static dev.lethe.query.audit.CanonicalEncoding.hex;

import java.time.Instant;

/** A signed statement that the trail's entry {@code sequence} has hash {@code entryHash}. */
record Checkpoint(long sequence, byte[] entryHash, Instant signedAt, String keyId, byte[] signature) {

    public static final String VERSION = "lethe-audit-checkpoint/1";

    public static byte[] canonicalEncoding(long sequence, byte[] entryHash, Instant signedAt, String keyId) {
        return CanonicalEncoding.encode(VERSION, Long.toString(sequence), hex(entryHash),
                CanonicalEncoding.instant(signedAt), keyId);
    }

    public byte[] canonicalEncoding() {
        return canonicalEncoding(sequence, entryHash, signedAt, keyId);
    }
}

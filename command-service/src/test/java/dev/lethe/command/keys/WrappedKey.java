package dev.lethe.command.keys;

/** A copy of one row of {@code key_vault.data_key}, as a WAL segment or a backup keeps it. */
record WrappedKey(String subjectId, String keyId, String kekId, byte[] wrapped) {
}

package dev.lethe.query.customerview;

import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.SubjectCipher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.springframework.stereotype.Component;

/**
 * Encrypts the read model's personal columns ({@link EncryptedColumn}) under the person's own data key, so that
 * neither the tables, nor their dead tuples, nor the WAL, nor a backup hold them in clear, and erasing the person
 * (destroying the key) shreds every leftover copy. Stored as {@code 0x01 || nonce || ciphertext || tag} (AES-256-GCM)
 * with associated data {@code "lethe:view:v1", customerId, table, column, rowKey...} (docs/crypto-shredding.md).
 * Never creates a key: the query side only uses the keys the command side made. (In the benchmark-only
 * {@code lethe.benchmark.plaintext-events} mode the command side makes none, so the view stores no values there.)
 */
@Component
public class ViewCipher {

    static final String DOMAIN = "lethe:view:v1";
    private static final byte FORMAT_V1 = 1;

    private final KeyVault keyVault;

    ViewCipher(KeyVault keyVault) {
        this.keyVault = keyVault;
    }

    /** The keys of the given customers, looked up together (the vault caches them). */
    public Keys keysFor(Collection<String> customerIds) {
        return keysFrom(keyVault.existingDataKeys(customerIds), customerIds);
    }

    /**
     * The keys of the given customers from keys already read, e.g. once for a whole poll.
     *
     * @param found the keys that exist; a customer without one was erased (or never had one)
     */
    static Keys keysFrom(Map<String, DataKey> found, Collection<String> customerIds) {
        Map<String, Optional<DataKey>> keys = new LinkedHashMap<>();
        customerIds.forEach(id -> keys.put(id, Optional.ofNullable(found.get(id))));
        return new Keys(keys);
    }

    public Keys keysFor(String customerId) {
        return keysFor(java.util.List.of(customerId));
    }

    /** The keys of the customers of one read, and what they open. */
    public static final class Keys {

        private final Map<String, Optional<DataKey>> keys;

        private Keys(Map<String, Optional<DataKey>> keys) {
            this.keys = keys;
        }

        /**
         * @return the sealed value, or null for null, or when the person's key is gone: they were erased after the
         *         event was read, and the erasure event that follows deletes the row
         */
        public byte[] seal(String customerId, EncryptedColumn column, String value, String... rowKey) {
            Optional<DataKey> key = key(customerId);
            if (value == null || key.isEmpty()) {
                return null;
            }
            byte[] sealed = SubjectCipher.seal(key.get(), value.getBytes(StandardCharsets.UTF_8), DOMAIN,
                    aad(column, rowKey));
            byte[] stored = new byte[sealed.length + 1];
            stored[0] = FORMAT_V1;
            System.arraycopy(sealed, 0, stored, 1, sealed.length);
            return stored;
        }

        /**
         * @return the value, or null for null, or when the person's key is gone (erased: the row is noise now)
         * @throws ViewNotAuthentic when the stored bytes do not authenticate for this customer, table, column
         *                               and row: altered, or copied from elsewhere (names no value)
         */
        public String open(String customerId, EncryptedColumn column, byte[] stored, String... rowKey) {
            Optional<DataKey> key = key(customerId);
            if (stored == null || key.isEmpty()) {
                return null;
            }
            if (stored.length < 1 || stored[0] != FORMAT_V1) {
                throw notAuthentic(customerId, column);
            }
            try {
                return new String(SubjectCipher.open(key.get(), Arrays.copyOfRange(stored, 1, stored.length), DOMAIN,
                        aad(column, rowKey)), StandardCharsets.UTF_8);
            } catch (AEADBadTagException e) {
                throw notAuthentic(customerId, column);
            }
        }

        private Optional<DataKey> key(String customerId) {
            Optional<DataKey> key = keys.get(customerId);
            if (key == null) {
                throw new IllegalArgumentException("no key was looked up for customer " + customerId);
            }
            return key;
        }

        private static String[] aad(EncryptedColumn column, String... rowKey) {
            if (rowKey.length != column.rowKey().size()) {
                throw new IllegalArgumentException(column + " is bound to " + column.rowKey());
            }
            String[] context = new String[rowKey.length + 2];
            context[0] = column.table();
            context[1] = column.column();
            System.arraycopy(rowKey, 0, context, 2, rowKey.length);
            return context;
        }

        private static ViewNotAuthentic notAuthentic(String customerId, EncryptedColumn column) {
            return new ViewNotAuthentic(customerId, column);
        }
    }
}

package dev.lethe.shredding.kek;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the configured KEK backend ({@code lethe.crypto.kek.backend}); the same rules in both services. */
public final class KekBackends {

    private static final Logger LOG = LoggerFactory.getLogger(KekBackends.class);

    private KekBackends() {
    }

    /**
     * @param backend    {@code keyring} or {@code pkcs11}
     * @param keyring    the keyring file; blank means the configured keys only ({@link ConfiguredKeks})
     * @param configured the configured keys by id ({@code lethe.crypto.kek.keys}), used only without a keyring
     */
    public static KekBackend open(String backend, String keyring, Duration recheck, Map<String, byte[]> configured,
                                  Pkcs11Settings pkcs11, Clock clock) {
        switch (backend) {
            case "keyring" -> {
                if (keyring == null || keyring.isBlank()) {
                    LOG.warn("No keyring configured (lethe.crypto.kek.keyring): key-encryption keys come from "
                            + "configuration only and can be neither rotated by epoch nor destroyed");
                    return new ConfiguredKeks(configured);
                }
                return new LocalKeyring(Path.of(keyring), clock, recheck).watching(recheck);
            }
            case "pkcs11" -> {
                if (pkcs11.library() == null || pkcs11.library().isBlank() || pkcs11.pin() == null || pkcs11.pin().isBlank()) {
                    throw new IllegalArgumentException("lethe.crypto.kek.backend=pkcs11 needs "
                            + "lethe.crypto.kek.pkcs11.library and lethe.crypto.kek.pkcs11.pin");
                }
                return new Pkcs11Keks(pkcs11.library(), pkcs11.slot(), pkcs11.slotListIndex(),
                        pkcs11.pin().toCharArray(), clock);
            }
            default -> throw new IllegalArgumentException("lethe.crypto.kek.backend must be keyring or pkcs11");
        }
    }

    /**
     * Imports configured KEKs into a keyring where missing, so that keys they wrap keep unwrapping, except those
     * whose epoch was destroyed: a destroyed KEK never comes back from configuration.
     *
     * @return the ids imported
     */
    public static Set<String> importConfigured(KekBackend backend, Map<String, byte[]> configured,
                                               Set<String> destroyed) {
        if (!(backend instanceof LocalKeyring keyring)) {
            return Set.of();
        }
        Set<String> imported = new java.util.TreeSet<>();
        configured.forEach((id, material) -> {
            if (destroyed.contains(id)) {
                LOG.warn("Configured key-encryption key '{}' was destroyed; it is not imported again. Remove it "
                        + "from lethe.crypto.kek.keys", id);
            } else if (keyring.importKey(id, material)) {
                imported.add(id);
            }
        });
        if (!imported.isEmpty()) {
            LOG.info("Imported configured key-encryption keys {} into the keyring {}", imported, keyring.file());
        }
        return imported;
    }

    public record Pkcs11Settings(String library, Long slot, Integer slotListIndex, String pin) {
        @Override
        public String toString() {
            return "Pkcs11Settings[library=" + library + ", slot=" + slot + ", slotListIndex=" + slotListIndex
                    + ", pin=***]";
        }
    }
}

package dev.lethe.shredding.kek;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.AEADBadTagException;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * KEKs as token objects of a PKCS#11 token (an HSM, a cloud HSM, SoftHSM2), through the JDK's SunPKCS11 provider.
 * Each KEK is an AES-256 secret key labelled with its id, generated inside the token as sensitive and not
 * extractable; wrapping and unwrapping run inside the token ({@code AES/GCM/NoPadding} of the provider with
 * Lethe's associated data), so the KEK never enters the JVM. Destroying one deletes the token object.
 */
public final class Pkcs11Keks implements KekBackend {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Provider provider;
    private final KeyStore token;
    private final char[] pin;
    private final Clock clock;

    /**
     * @param library       the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slot          the slot id, or null to use {@code slotListIndex}
     * @param slotListIndex the index in the module's slot list when no slot id is given (default 0)
     * @param pin           the user PIN; kept in memory for re-logins, never logged
     */
    public Pkcs11Keks(String library, Long slot, Integer slotListIndex, char[] pin, Clock clock) {
        Objects.requireNonNull(library, "library");
        this.pin = Objects.requireNonNull(pin, "pin").clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalStateException("this JVM has no SunPKCS11 provider");
        }
        // Keys generated here are token objects' templates: secret, sensitive, never extractable.
        String config = "--name = lethe-kek-" + INSTANCES.incrementAndGet() + "\n"
                + "library = " + library + "\n"
                + (slot != null ? "slot = " + slot : "slotListIndex = " + (slotListIndex == null ? 0 : slotListIndex))
                + "\n"
                + "attributes(*, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n";
        try {
            this.provider = base.configure(config);
            this.token = KeyStore.getInstance("PKCS11", provider);
            this.token.load(null, this.pin);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // the provider's message never carries the PIN; it names the library or the slot
            throw new IllegalStateException("could not open the PKCS#11 token (library " + library + ", "
                    + (slot != null ? "slot " + slot : "slot list index " + slotListIndex) + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "pkcs11";
    }

    @Override
    public boolean managesKeys() {
        return true;
    }

    @Override
    public synchronized String create() {
        String id = KekIds.next(clock);
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(256);
            SecretKey sessionKey = generator.generateKey();
            // storing the session key under a label copies it into a token object (C_CopyObject, CKA_TOKEN)
            token.setEntry(id, new KeyStore.SecretKeyEntry(sessionKey), null);
            return id;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the PKCS#11 token could not create a key-encryption key", e);
        }
    }

    @Override
    public synchronized Set<String> ids() {
        reload();
        return currentIds();
    }

    private Set<String> currentIds() {
        try {
            Set<String> ids = new TreeSet<>();
            for (String alias : Collections.list(token.aliases())) {
                if (token.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class) && KekIds.ID.matcher(alias).matches()) {
                    ids.add(alias);
                }
            }
            return Collections.unmodifiableSet(ids);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not list the PKCS#11 token's keys", e);
        }
    }

    @Override
    public boolean contains(String kekId) {
        return find(kekId) != null;
    }

    @Override
    public byte[] wrap(String kekId, byte[] dataKey, byte[] aad) {
        return Gcm.seal(provider, key(kekId), dataKey, aad);
    }

    @Override
    public byte[] unwrap(String kekId, byte[] wrapped, byte[] aad) throws AEADBadTagException {
        return Gcm.open(provider, key(kekId), wrapped, aad);
    }

    @Override
    public synchronized void destroy(String kekId) {
        try {
            reload();
            if (token.containsAlias(kekId)) {
                token.deleteEntry(kekId);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the PKCS#11 token could not destroy key-encryption key '" + kekId + "'", e);
        }
    }

    private Key key(String kekId) {
        Key key = find(kekId);
        if (key == null) {
            throw new UnknownKekException(kekId, name());
        }
        return key;
    }

    private synchronized Key find(String kekId) {
        try {
            Key key = token.getKey(kekId, null);
            if (key == null) {
                // another instance created it since this one listed the token
                reload();
                key = token.getKey(kekId, null);
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read key-encryption key '" + kekId + "' from the token", e);
        }
    }

    private void reload() {
        try {
            token.load(null, pin);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not re-read the PKCS#11 token", e);
        }
    }

    /** The provider, for tests that check what the token holds. */
    public Provider provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "Pkcs11Keks[" + provider.getName() + "]";
    }
}

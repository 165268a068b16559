package dev.lethe.shredding.kek;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEKs in a local file outside the database ({@code lethe.crypto.kek.keyring}, mode 0600), shared by every service
 * on the machine. Every change (a KEK created, imported or destroyed) rewrites the whole file atomically: a temp
 * file in the same directory, fsync, rename over the old one, fsync of the directory, all under an exclusive file
 * lock so two processes never lose each other's change. A destroyed KEK is gone from the file after the rename.
 *
 * <p>Other processes learn of changes by re-reading: at once when they meet an unknown id (a rotation in another
 * service), and when the file changed, checked at most every {@code recheck} on use and by a background check of
 * the same period, so that a destroyed KEK does not stay in any process's memory for longer than that.
 *
 * <p>What rename cannot do: the old file's blocks are freed, not overwritten, by the filesystem. On a disk an
 * attacker may image, put the keyring on an encrypted filesystem or use the PKCS#11 backend.
 */
public final class LocalKeyring implements KekBackend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKeyring.class);
    private static final String FORMAT = "lethe-keyring-v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Path, Object> JVM_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    private final long recheckNanos;
    private volatile Map<String, SecretKeySpec> keys = Map.of();
    private volatile Object signature;
    private volatile long checkedAt;
    private ScheduledExecutorService watcher;

    public LocalKeyring(Path file, Clock clock, Duration recheck) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recheckNanos = recheck.toNanos();
        try {
            Path directory = this.file.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            underFileLock(() -> {
                if (!Files.exists(this.file)) {
                    write(Map.of());
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the keyring " + this.file, e);
        }
        reload();
    }

    /** Re-reads the file every {@code period} in a daemon thread, so that destroyed KEKs leave memory. */
    public synchronized LocalKeyring watching(Duration period) {
        if (watcher == null) {
            watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lethe-keyring-watch");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(() -> {
                try {
                    reloadIfChanged();
                } catch (RuntimeException e) {
                    LOG.warn("Could not re-read the keyring {}: {}", file, e.toString());
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public Path file() {
        return file;
    }

    @Override
    public String name() {
        return "keyring";
    }

    @Override
    public boolean managesKeys() {
        return true;
    }

    @Override
    public String create() {
        byte[] material = new byte[Gcm.KEY_BYTES];
        RANDOM.nextBytes(material);
        try {
            String id = KekIds.next(clock);
            change(current -> current.put(id, ConfiguredKeks.toKey(id, material)));
            return id;
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * Adds a KEK given elsewhere (the configured {@code lethe.crypto.kek.keys}) unless the id exists.
     *
     * @return whether it was added
     */
    public boolean importKey(String kekId, byte[] material) {
        KekIds.check(kekId);
        SecretKeySpec key = ConfiguredKeks.toKey(kekId, material);
        boolean[] added = {false};
        change(current -> {
            if (!current.containsKey(kekId)) {
                current.put(kekId, key);
                added[0] = true;
            }
        });
        return added[0];
    }

    @Override
    public void destroy(String kekId) {
        change(current -> current.remove(kekId));
    }

    @Override
    public Set<String> ids() {
        reloadIfDue();
        return Collections.unmodifiableSet(new TreeSet<>(keys.keySet()));
    }

    @Override
    public boolean contains(String kekId) {
        return find(kekId) != null;
    }

    @Override
    public byte[] wrap(String kekId, byte[] dataKey, byte[] aad) {
        return Gcm.seal(null, key(kekId), dataKey, aad);
    }

    @Override
    public byte[] unwrap(String kekId, byte[] wrapped, byte[] aad) throws AEADBadTagException {
        return Gcm.open(null, key(kekId), wrapped, aad);
    }

    private SecretKeySpec key(String kekId) {
        SecretKeySpec key = find(kekId);
        if (key == null) {
            throw new UnknownKekException(kekId, name());
        }
        return key;
    }

    private SecretKeySpec find(String kekId) {
        reloadIfDue();
        SecretKeySpec key = keys.get(kekId);
        if (key == null) {
            // created by another process since the last read (a rotation in the other service)
            reloadIfChanged();
            key = keys.get(kekId);
        }
        return key;
    }

    private void reloadIfDue() {
        if (System.nanoTime() - checkedAt > recheckNanos) {
            reloadIfChanged();
        }
    }

    private synchronized void reloadIfChanged() {
        checkedAt = System.nanoTime();
        if (!Objects.equals(signature(), signature)) {
            reload();
        }
    }

    private synchronized void reload() {
        checkedAt = System.nanoTime();
        Object before = signature();
        keys = read();
        signature = before;
    }

    private Object signature() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Arrays.asList(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the keyring " + file, e);
        }
    }

    private interface Change {
        void apply(Map<String, SecretKeySpec> keys);
    }

    private synchronized void change(Change change) {
        underFileLock(() -> {
            Map<String, SecretKeySpec> next = new LinkedHashMap<>(read());
            change.apply(next);
            write(next);
            keys = Collections.unmodifiableMap(next);
            signature = signature();
            checkedAt = System.nanoTime();
            return null;
        });
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    // The file lock excludes other processes from read-modify-write; a JVM holds file locks for the whole process,
    // so keyrings on the same file within one JVM (tests, two services in one process) also take a JVM-wide monitor.
    private <T> T underFileLock(Locked<T> action) {
        synchronized (JVM_LOCKS.computeIfAbsent(lockFile, path -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            } catch (IOException e) {
                throw new UncheckedIOException("could not update the keyring " + file, e);
            }
        }
    }

    private Map<String, SecretKeySpec> read() {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IllegalStateException("the keyring " + file + " is not a " + FORMAT + " file");
            }
            Map<String, SecretKeySpec> read = new LinkedHashMap<>();
            for (JsonNode entry : root.path("keys")) {
                String id = KekIds.check(entry.path("id").asText(null));
                byte[] material = Base64.getDecoder().decode(entry.path("key").asText(""));
                try {
                    read.put(id, ConfiguredKeks.toKey(id, material));
                } finally {
                    Arrays.fill(material, (byte) 0);
                }
            }
            return Collections.unmodifiableMap(read);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the keyring " + file, e);
        }
    }

    private void write(Map<String, SecretKeySpec> next) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ArrayNode entries = root.putArray("keys");
        next.forEach((id, key) -> entries.addObject().put("id", id)
                .put("key", Base64.getEncoder().encodeToString(key.getEncoded())));
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Path directory = file.getParent();
        Path temp = Files.createTempFile(directory, ".keks-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the keyring's directory does not support atomic renames", e);
            }
            // the rename is durable only once the directory entry is
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (FileSystemException ignored) {
                // some filesystems refuse fsync on a directory; the rename itself was atomic
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    @Override
    public String toString() {
        return "LocalKeyring[" + file + ", ids=" + new TreeSet<>(keys.keySet()) + ", keys=***]";
    }
}

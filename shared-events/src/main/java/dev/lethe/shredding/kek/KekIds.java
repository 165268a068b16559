package dev.lethe.shredding.kek;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** New KEK ids: {@code kek-<UTC time>-<random>}, readable in the epoch table and unique across instances. */
public final class KekIds {

    /** Ids end up in associated data and in the vault tables; short and unambiguous. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KekIds() {
    }

    public static String next(Clock clock) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return "kek-" + TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }

    public static String check(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a key-encryption key id must match " + ID.pattern());
        }
        return id;
    }
}

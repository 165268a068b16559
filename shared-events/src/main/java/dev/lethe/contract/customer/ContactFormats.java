package dev.lethe.contract.customer;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one definition of a valid email address and phone number, and of their stored and matching forms. The
 * command service stores what {@link #email} and {@link #phone} return; identity matching and the query side's
 * search compare {@link #emailMatchKey} and {@link #phone} through blind indexes, so a change here changes
 * every stored match key and needs a migration of them.
 *
 * <p>Phone numbers are normalised syntactically to E.164, not against a numbering plan: a national number
 * without a country code is refused rather than guessed.
 */
public final class ContactFormats {

    /** The longest address SMTP can carry (RFC 5321 path limit minus the angle brackets). */
    public static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s\\-./()]");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private ContactFormats() {
    }

    /**
     * The stored form of an email address: trimmed, the domain in lower case (the local part is case-sensitive).
     * Empty when it is not an address.
     */
    public static Optional<String> email(String email) {
        String value = email.strip();
        if (value.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(value).matches()) {
            return Optional.empty();
        }
        int at = value.lastIndexOf('@');
        return Optional.of(value.substring(0, at + 1) + value.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** The matching form of an email address: trimmed and lower-cased as a whole (mailboxes rarely differ by case). */
    public static String emailMatchKey(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The stored and matching form of a phone number: E.164 ({@code +4930123456}); separators dropped and a leading
     * {@code 00} read as {@code +}. Empty when the number has no country code or is not a phone number.
     */
    public static Optional<String> phone(String phone) {
        String compact = PHONE_SEPARATORS.matcher(phone.strip()).replaceAll("");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        return E164.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
    }
}

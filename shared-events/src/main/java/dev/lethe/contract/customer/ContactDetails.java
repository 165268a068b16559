package dev.lethe.contract.customer;

import java.time.LocalDate;

/**
 * Contact details as a command carries them (plain values: commands are never stored). Any field may be
 * {@code null} when the source did not send it.
 */
public record ContactDetails(
        String name, String email, String phone, PostalAddress postalAddress, LocalDate birthDate) {

    public static ContactDetails none() {
        return new ContactDetails(null, null, null, null, null);
    }

    /** Names only, never values, so that commands are safe to log. */
    @Override
    public String toString() {
        return "ContactDetails[" + (name != null ? "name " : "") + (email != null ? "email " : "")
                + (phone != null ? "phone " : "") + (postalAddress != null ? "postalAddress " : "")
                + (birthDate != null ? "birthDate" : "") + "]";
    }
}

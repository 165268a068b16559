package dev.lethe.query.customerview;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.time.LocalDate;

/**
 * The contact fields an event carries, as the view stores them: a field the event does not carry is left
 * as it is, and an erased one is stored as {@code null} (the person's data is gone; the row follows with the
 * erasure event).
 */
record ContactFields(Personal<String> nameField, Personal<String> emailField, Personal<String> phoneField,
                     Personal<PostalAddress> addressField, Personal<LocalDate> birthDateField) {

    static ContactFields of(CustomerRegistered event) {
        return new ContactFields(event.name(), event.email(), event.phone(), event.postalAddress(), event.birthDate());
    }

    static ContactFields of(SourceRecordLinked event) {
        return new ContactFields(event.name(), event.email(), event.phone(), event.postalAddress(), event.birthDate());
    }

    static ContactFields of(ContactDetailsChanged event) {
        return new ContactFields(event.name(), event.email(), event.phone(), event.postalAddress(), event.birthDate());
    }

    boolean hasName() {
        return nameField != null;
    }

    boolean hasEmail() {
        return emailField != null;
    }

    boolean hasPhone() {
        return phoneField != null;
    }

    boolean hasAddress() {
        return addressField != null;
    }

    boolean hasBirthDate() {
        return birthDateField != null;
    }

    String name() {
        return known(nameField);
    }

    String email() {
        return known(emailField);
    }

    String phone() {
        return known(phoneField);
    }

    PostalAddress address() {
        return known(addressField);
    }

    LocalDate birthDate() {
        return known(birthDateField);
    }

    private static <T> T known(Personal<T> field) {
        return field == null ? null : field.known().orElse(null);
    }
}

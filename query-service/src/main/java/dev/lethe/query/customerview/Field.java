package dev.lethe.query.customerview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.PostalAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The contact fields survivorship decides on, and how each is written to {@code query.customer_field.value}:
 * strings as they are, the birth date as ISO text, the postal address as JSON.
 */
enum Field {
    NAME, EMAIL, PHONE, POSTAL_ADDRESS, BIRTH_DATE;

    /** A field an event carries, as stored text; {@code value} is null for a value that was erased. */
    record Value(Field field, String value) {
    }

    static List<Value> valuesOf(ContactFields contact, ObjectMapper json) {
        List<Value> values = new ArrayList<>();
        add(values, NAME, contact.nameField(), contact.name());
        add(values, EMAIL, contact.emailField(), contact.email());
        add(values, PHONE, contact.phoneField(), contact.phone());
        PostalAddress address = contact.address();
        add(values, POSTAL_ADDRESS, contact.addressField(), address == null ? null : write(json, address));
        add(values, BIRTH_DATE, contact.birthDateField(),
                contact.birthDate() == null ? null : contact.birthDate().toString());
        return values;
    }

    private static void add(List<Value> values, Field field, Personal<?> given, String text) {
        // a field the event does not carry is left as it is
        if (given != null) {
            values.add(new Value(field, text));
        }
    }

    private static String write(ObjectMapper json, PostalAddress address) {
        try {
            return json.writeValueAsString(address);
        } catch (JsonProcessingException e) {
            // the message of a Jackson exception may quote the value: never pass it on
            throw new IllegalStateException("a postal address could not be written as JSON");
        }
    }
}

package dev.lethe.query.customerview;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.customer.PostalAddress;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Puts one golden record together from what was read for a customer and the customers merged into it. A survivor
 * lists its members and is restricted if any of them is; its history spans theirs. A merged customer has no members
 * and shows its own data.
 */
final class GoldenRecord {

    private GoldenRecord() {
    }

    /**
     * @param members   the customers merged into {@code own}, in customer-id order (none for a merged customer)
     * @param fields    the surviving contact fields of the group ({@link Survivorship}), decrypted; the postal
     *                  address as JSON, the birth date as ISO text
     */
    static CustomerView assemble(CustomerViewRows.Own own, List<CustomerViewRows.Own> members, Map<Field, String> fields,
                                 List<CustomerView.SourceRecord> sourceRecords, List<CustomerView.Consent> consents,
                                 ObjectMapper json) {
        List<CustomerViewRows.Own> group = new ArrayList<>(members);
        group.add(0, own);
        String birthDate = fields.get(Field.BIRTH_DATE);
        return new CustomerView(
                own.customerId(),
                own.status(),
                own.mergedInto(),
                members.isEmpty() ? null : members.stream().map(CustomerViewRows.Own::customerId).toList(),
                fields.get(Field.NAME),
                fields.get(Field.EMAIL),
                fields.get(Field.PHONE),
                address(fields.get(Field.POSTAL_ADDRESS), json),
                birthDate == null ? null : LocalDate.parse(birthDate),
                group.stream().anyMatch(CustomerViewRows.Own::restricted),
                sourceRecords,
                consents,
                group.stream().map(CustomerViewRows.Own::createdAt).min(Comparator.naturalOrder()).orElseThrow(),
                group.stream().map(CustomerViewRows.Own::updatedAt).max(Comparator.naturalOrder()).orElseThrow(),
                null);
    }

    private static CustomerView.Address address(String stored, ObjectMapper json) {
        if (stored == null) {
            return null;
        }
        try {
            PostalAddress address = json.readValue(stored, PostalAddress.class);
            return new CustomerView.Address(address.street(), address.postalCode(), address.city(), address.country());
        } catch (IOException e) {
            throw new IllegalStateException("a stored postal address is not readable");
        }
    }
}

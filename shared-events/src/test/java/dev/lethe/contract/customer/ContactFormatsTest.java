package dev.lethe.contract.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactFormatsTest {

    @ParameterizedTest
    @CsvSource({"' Ada.Lovelace@Example.COM ', Ada.Lovelace@example.com", "a@b.co, a@b.co"})
    void anEmailIsStoredTrimmedWithItsDomainInLowerCase(String given, String stored) {
        assertThat(ContactFormats.email(given)).contains(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-at-sign", "two@@example.com", "a@localhost", "a b@example.com", "a@.example.com"})
    void whatIsNotAnAddressIsRefused(String given) {
        assertThat(ContactFormats.email(given)).isEmpty();
    }

    @Test
    void anAddressLongerThanSmtpCarriesIsRefused() {
        assertThat(ContactFormats.email("a@" + "b".repeat(249) + ".com")).isEmpty();
    }

    @Test
    void emailsMatchWhateverTheirCase() {
        assertThat(ContactFormats.emailMatchKey(" Ada@Example.com"))
                .isEqualTo(ContactFormats.emailMatchKey("ada@example.COM "));
    }

    @ParameterizedTest
    @CsvSource({"'+49 30 123456', +4930123456", "0049-30-123456, +4930123456", "'+1 (555) 010.9999', +15550109999"})
    void phoneNumbersAreNormalisedToE164(String given, String normalised) {
        assertThat(ContactFormats.phone(given)).contains(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"030 123456", "+0301234567", "+49 30", "call me"})
    void aNumberWithoutCountryCodeIsRefused(String given) {
        assertThat(ContactFormats.phone(given)).isEmpty();
    }
}

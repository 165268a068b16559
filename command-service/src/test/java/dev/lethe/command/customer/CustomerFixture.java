package dev.lethe.command.customer;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.envelope.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/**
 * The {@link Customer} in Axon's given-when-then fixture, with what the service gives its handlers: the clock,
 * fixed at {@link #NOW}, and {@link ExecuteOnCustomer} for the decisions that handlers outside the aggregate call.
 */
public final class CustomerFixture {

    public static final String ID = "7d1c1c2e-4b5a-4f0e-9d33-2a1f0f6a9b10";
    public static final String SURVIVOR = "0b6f2b8e-3c1d-4a57-9e2f-6f1e2d3c4b5a";
    public static final String MEMBER = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    public static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private CustomerFixture() {
    }

    public static FixtureConfiguration<Customer> create() {
        FixtureConfiguration<Customer> fixture = new AggregateTestFixture<>(Customer.class);
        // before any handler is registered: the fixture refuses resources after that
        fixture.registerInjectableResource(CLOCK);
        fixture.registerAnnotatedCommandHandler(new ExecuteOnCustomer.Handler(fixture.getRepository()));
        return fixture;
    }

    /** A {@link CommandRejectedException} with this code and field (what the sender gets back). */
    public static Matcher<Object> rejectedWith(Rejection code, String field) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof CommandRejectedException rejected && rejected.code() == code
                        && field.equals(rejected.field());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a command rejected with " + code + " on " + field);
            }
        };
    }

    /** A lead registered by the CRM, with a name and an email. */
    public static CustomerRegistered registered() {
        return new CustomerRegistered(ID, "crm", Personal.of("lead-9"), "lead", Personal.of("Erika Mustermann"),
                Personal.of("erika@example.org"), null, null, null);
    }
}

package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.support.security.SecurityErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The filter's buckets with a clock the test moves: a burst, its refill, its ceiling, and idle buckets let go. */
class RateLimitFilterTest {

    private final MovableClock clock = new MovableClock();
    /** A burst of 3, refilled at 2 per second: full again 1.5 s after it was emptied. */
    private final RateLimitFilter filter = new RateLimitFilter(new RateLimitProperties(2, 3), clock, new SecurityErrors());

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aBurstIsAllowedThenRefusedWith429UntilRefilled() throws Exception {
        assertThat(call("alice").getStatus()).isEqualTo(200);
        assertThat(call("alice").getStatus()).isEqualTo(200);
        assertThat(call("alice").getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = call("alice");
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getContentAsString()).contains("\"code\":\"RATE_LIMITED\"");
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");

        clock.advance(Duration.ofMillis(500));
        assertThat(call("alice").getStatus()).isEqualTo(200);
        assertThat(call("alice").getStatus()).isEqualTo(429);
    }

    @Test
    void oneCallerAtTheLimitLeavesTheOthersAlone() throws Exception {
        for (int i = 0; i < 3; i++) {
            call("greedy");
        }
        assertThat(call("greedy").getStatus()).isEqualTo(429);
        assertThat(call("patient").getStatus()).isEqualTo(200);
    }

    @Test
    void refillNeverExceedsTheBurst() throws Exception {
        call("alice");
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(call("alice").getStatus()).isEqualTo(200);
        }
        assertThat(call("alice").getStatus()).isEqualTo(429);
    }

    @Test
    void idleBucketsAreDroppedOnceFullAgainAndAReturningCallerGetsAFullBurst() throws Exception {
        call("alice");
        call("bob");
        assertThat(filter.trackedPrincipals()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1600));
        assertThat(filter.trackedPrincipals()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(call("alice").getStatus()).isEqualTo(200);
        }
        assertThat(call("alice").getStatus()).isEqualTo(429);
    }

    @Test
    void unauthenticatedRequestsAreNotCounted() throws Exception {
        for (int i = 0; i < 10; i++) {
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as("passed on").isNotNull();
        }
        assertThat(filter.trackedPrincipals()).isZero();
    }

    private MockHttpServletResponse call(String principal) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(principal, null, "ROLE_ANALYST"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(new MockHttpServletRequest("GET", "/api/customers/stats"), response, chain);
        assertThat(chain.getRequest() != null).as("passed on exactly when answered 200")
                .isEqualTo(response.getStatus() == 200);
        return response;
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

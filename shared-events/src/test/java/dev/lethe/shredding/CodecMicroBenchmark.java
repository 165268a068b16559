package dev.lethe.shredding;

import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerRegistered;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;

/**
 * Not a test: a JMH-free measurement of the codec's hot paths (serialize + encrypt, decrypt + deserialize) for the
 * two events every registration and contact change stores, in microseconds and bytes allocated per event. Keys
 * come from an in-memory vault, so only JSON and cryptography are measured (thread CPU time, not JIT or GC threads). Run with
 * {@code java -cp <test classpath> dev.lethe.shredding.CodecMicroBenchmark [iterations]}.
 */
public final class CodecMicroBenchmark {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CodecMicroBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        ShreddingCodec codec = new ShreddingCodec(LetheObjectMapper.create(), new InMemoryKeyVault());
        String subject = UUID.randomUUID().toString();
        for (Object event : List.of(SampleEvents.customerRegistered(subject),
                SampleEvents.contactDetailsChanged(subject))) {
            measure(codec, event, iterations / 4); // warm-up
            measure(codec, event, iterations);
        }
    }

    private static void measure(ShreddingCodec codec, Object event, int iterations) {
        String eventId = UUID.randomUUID().toString();
        byte[] stored = codec.encrypt(event, eventId);
        long sink = 0;
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            sink += codec.encrypt(event, eventId).length;
        }
        long encryptNanos = THREADS.getCurrentThreadCpuTime() - cpu;
        long encryptBytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        bytes = THREADS.getCurrentThreadAllocatedBytes();
        cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            sink += codec.decrypt(stored, event.getClass(), eventId).hashCode();
        }
        long decryptNanos = THREADS.getCurrentThreadCpuTime() - cpu;
        long decryptBytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        // CPU time of this thread, not wall time: the machine is shared, and a descheduled thread costs nothing here
        System.out.printf("%-22s encrypt %6.2f µs CPU %7d B/event | decrypt %6.2f µs CPU %7d B/event (%d)%n",
                event.getClass().getSimpleName(), encryptNanos / 1e3 / iterations, encryptBytes / iterations,
                decryptNanos / 1e3 / iterations, decryptBytes / iterations, sink & 1);
    }

    static {
        // both event types are warmed through the same code; keep the compiler from treating them apart
        List.of(CustomerRegistered.class, ContactDetailsChanged.class).forEach(PersonalFields::of);
    }
}

package dev.lethe.localstack;

import java.util.Map;

/** Environment variables, as a seam: tests of the selection logic pass their own. */
record Environment(Map<String, String> variables) {

    static Environment system() {
        return new Environment(System.getenv());
    }

    String get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    String getOrDefault(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }
}

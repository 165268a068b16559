package dev.lethe.shredding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of the one-command demo are public: they are in the repository. A service started for real data
 * with one of them would encrypt, match or sign with a key anyone can read, so the services refuse that. This
 * class finds the settings whose value is still the demo's.
 */
public final class WellKnownSecrets {

    /** Which settings are secrets: keys, key maps, passwords and PINs (of a PKCS#11 token), by name. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(^|.*[.-])(key|keys|jwks|password|passphrase|secret|pin)([.\\[-].*|$)");
    /** Key material inside a secret's value: base64 or base64url runs long enough not to occur by chance. */
    private static final Pattern MATERIAL = Pattern.compile("[A-Za-z0-9+/_-]{16,}");

    private WellKnownSecrets() {
    }

    /**
     * The settings of a demo profile file (Spring's YAML layout) as Spring names them: {@code a.b.c} for nested
     * keys, {@code a.b[0]} for list items.
     */
    public static Map<String, String> settingsOf(InputStream yaml) throws IOException {
        Map<String, String> settings = new TreeMap<>();
        flatten("", new ObjectMapper(new YAMLFactory()).readTree(yaml), settings);
        return settings;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> settings) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field ->
                    flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), settings));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), settings);
            }
        } else {
            settings.put(prefix, node.asText());
        }
    }

    public static boolean isSecret(String setting) {
        return SECRET.matcher(setting).matches();
    }

    /**
     * @param demoValues the demo profile's settings and values (all of them; non-secrets are ignored)
     * @param effective  the running configuration: a setting's value, or null
     * @return the names (never the values) of the secret settings that still hold the demo value, sorted
     */
    public static List<String> reused(Map<String, String> demoValues, UnaryOperator<String> effective) {
        return demoValues.entrySet().stream()
                .filter(setting -> isSecret(setting.getKey()))
                .filter(setting -> setting.getValue() != null && !setting.getValue().isBlank())
                .filter(setting -> Objects.equals(setting.getValue().strip(), strip(effective.apply(setting.getKey()))))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /**
     * The key material of the demo's secrets: every long base64 or base64url run in their values (a key, a key pair's
     * half, a JWK's modulus), in both alphabets, so that a demo key is recognised under any setting name, in a list
     * or inside a reformatted JWK Set.
     */
    public static Set<String> keyMaterial(Map<String, String> demoValues) {
        Set<String> material = new TreeSet<>();
        demoValues.forEach((setting, value) -> {
            if (isSecret(setting) && value != null) {
                Matcher run = MATERIAL.matcher(value);
                while (run.find()) {
                    String token = run.group();
                    material.add(token);
                    material.add(token.replace('+', '-').replace('/', '_'));
                    material.add(token.replace('-', '+').replace('_', '/'));
                }
            }
        });
        return material;
    }

    /**
     * @param material from {@link #keyMaterial}
     * @param running  every setting of the running configuration and its value
     * @return the names (never the values) of the settings, whatever they are called, whose value contains a demo
     *         key, sorted
     */
    public static List<String> carrying(Set<String> material, Map<String, String> running) {
        return running.entrySet().stream()
                .filter(setting -> setting.getValue() != null && material.stream().anyMatch(setting.getValue()::contains))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** {@link #reused} and {@link #carrying} together: every setting that still holds a secret of the demo. */
    public static List<String> refused(Map<String, String> demoValues, Map<String, String> running,
                                       UnaryOperator<String> effective) {
        Set<String> names = new TreeSet<>(reused(demoValues, effective));
        names.addAll(carrying(keyMaterial(demoValues), running));
        return List.copyOf(names);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}

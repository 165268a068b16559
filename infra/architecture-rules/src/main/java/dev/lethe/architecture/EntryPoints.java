package dev.lethe.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Classes that something outside the code starts by name, and which are therefore public although no package of
 * the code uses them: a {@code main}, a {@code @SpringBootApplication}, and whatever Spring loads from
 * {@code META-INF/spring.factories} or the auto-configuration imports.
 */
final class EntryPoints {

    private static final String SPRING_BOOT_APPLICATION =
            "org.springframework.boot.autoconfigure.SpringBootApplication";
    private static final List<String> SPRING_FILES_NAMING_CLASSES = List.of(
            "META-INF/spring.factories",
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");

    static final DescribedPredicate<JavaClass> ENTRY_POINT = DescribedPredicate.describe(
            "entry points (a main, a @SpringBootApplication, a class named in META-INF/spring*)",
            EntryPoints::isEntryPoint);

    private static Set<String> namedBySpring;

    private EntryPoints() {
    }

    private static boolean isEntryPoint(JavaClass javaClass) {
        return javaClass.getMethods().stream().anyMatch(EntryPoints::isMain)
                || javaClass.isAnnotatedWith(SPRING_BOOT_APPLICATION)
                || namedBySpring().contains(javaClass.getName());
    }

    private static boolean isMain(JavaMethod method) {
        return method.getName().equals("main")
                && method.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC))
                && method.getRawParameterTypes().size() == 1
                && method.getRawParameterTypes().get(0).getName().equals(String[].class.getName());
    }

    private static synchronized Set<String> namedBySpring() {
        if (namedBySpring == null) {
            Set<String> names = new HashSet<>();
            for (String file : SPRING_FILES_NAMING_CLASSES) {
                for (URL url : resources(file)) {
                    names.addAll(classNamesIn(url));
                }
            }
            namedBySpring = Collections.unmodifiableSet(names);
        }
        return namedBySpring;
    }

    private static List<URL> resources(String name) {
        try {
            return Collections.list(Thread.currentThread().getContextClassLoader().getResources(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both formats separate class names by '=', ',', line continuations or line breaks; '#' starts a comment. */
    private static List<String> classNamesIn(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.split("[=,\\\\\\s]+")))
                    .filter(token -> !token.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.lethe.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * A top-level class is used from another package when a class of the analysed code outside its package depends on
 * it or on one of its nested classes (a public nested class needs its enclosing class public too).
 */
final class UsedFromAnotherPackage extends ArchCondition<JavaClass> {

    static final UsedFromAnotherPackage BE_USED_FROM_ANOTHER_PACKAGE = new UsedFromAnotherPackage();

    private UsedFromAnotherPackage() {
        super("be used from another package");
    }

    @Override
    public void check(JavaClass topLevel, ConditionEvents events) {
        String itsPackage = topLevel.getPackageName();
        boolean used = topLevel.getPackage().getClasses().stream()
                .filter(candidate -> topLevelOf(candidate).equals(topLevel))
                .flatMap(member -> member.getDirectDependenciesToSelf().stream())
                .map(Dependency::getOriginClass)
                .anyMatch(origin -> !origin.getPackageName().equals(itsPackage));
        String message = topLevel.getName() + (used
                ? " is used from another package"
                : " is public but no class outside " + itsPackage + " uses it: make it package-private");
        events.add(new SimpleConditionEvent(topLevel, used,
                message + " (" + topLevel.getSourceCodeLocation().getSourceFileName() + ")"));
    }

    private static JavaClass topLevelOf(JavaClass javaClass) {
        JavaClass outermost = javaClass;
        while (outermost.getEnclosingClass().isPresent()) {
            outermost = outermost.getEnclosingClass().get();
        }
        return outermost;
    }
}

package io.hookline.receiver;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The rule of package-info.java in io.hookline.receiver, read from the compiled classes: no package
 * of the receiver reaches up into one that depends on it. A cycle fails with its packages in order
 * and the classes, methods and fields that make each step of it.
 */
class PackageDependenciesTest {

    private static final String RECEIVER = "io.hookline.receiver";

    /** Each class belongs to its package under io.hookline.receiver; the application's own classes to the top one. */
    private static final SliceAssignment RECEIVER_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(RECEIVER)) {
                return SliceIdentifier.of(RECEIVER);
            }
            if (name.startsWith(RECEIVER + ".")) {
                return SliceIdentifier.of(RECEIVER + "." + name.substring(RECEIVER.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + RECEIVER;
        }
    };

    @Test
    void noReceiverPackageDependsOnOneThatDependsOnIt() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(RECEIVER);
        slices().assignedFrom(RECEIVER_PACKAGES).should().beFreeOfCycles()
                .because("a lower package that needs something of a higher one declares a small interface the"
                        + " higher one implements (package-info.java of " + RECEIVER + ")")
                .check(main);
    }
}

package io.chartbridge.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small synthetic projects over the shipped legacy EMR mapping, written into a test's temp folder. */
public final class TestProjects {

    public static final String HEADER =
            "MRN,SSN,LAST_NAME,FIRST_NAME,MIDDLE_NAME,DOB,SEX,ADDRESS1,ADDRESS2,CITY,STATE,ZIP,PHONE,EMAIL\n";

    /** Three good rows (lines 2, 3, 6) and two bad ones: an unparseable date (line 4), a short row (line 5). */
    public static final String FIVE_ROWS = HEADER
            + "900001,123-45-6701,Testa,Ada,,1970-01-31,F,1 Main St,,Springfield,IL,62701,217-555-0101,ada@example.org\n"
            + "900002,123-45-6702,Testb,Ben,Q,02/14/1982,M,2 Oak Ave,Apt 3,Springfield,IL,62702,217-555-0102,\n"
            + "900003,123-45-6703,Testc,Cy,,31-31-1990,M,3 Elm St,,Springfield,IL,62703,217-555-0103,\n"
            + "900004,123-45-6704,Testd\n"
            + "900005,123-45-6705,Teste,Eve,,19991224,F,5 Pine St,,Springfield,IL,62705,,eve@example.org\n";

    private TestProjects() {
    }

    public static Path repo() {
        return Path.of(System.getProperty("chartbridge.home", "..")).toAbsolutePath().normalize();
    }

    /** Writes patients.csv and project.yaml; {@code target} is the YAML of the target section's body. */
    public static Path write(Path dir, String csv, String target) throws IOException {
        Files.writeString(dir.resolve("patients.csv"), csv);
        Path project = dir.resolve("project.yaml");
        Files.writeString(project, """
                name: test
                sources:
                  - name: legacy-emr-patients
                    connector: csv
                    location: patients.csv
                    mapping: %s
                target:
                %s
                """.formatted(repo().resolve("mappings/csv/legacy-emr-patient.yaml"), target.indent(2)));
        return project;
    }
}

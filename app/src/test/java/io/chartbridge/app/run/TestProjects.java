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

    private static final String[] FAMILY = {"Abbott", "Bergstrom", "Castillo", "Dunleavy", "Eckhart", "Fujimoto",
        "Gonzaga", "Hartmann", "Iversen", "Jablonski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "Okafor",
        "Petrakis", "Quintero", "Rasmussen", "Szabo", "Thackeray"};
    private static final String[] GIVEN = {"Ada", "Bruno", "Clara", "Dmitri", "Esme", "Farid", "Greta", "Hugo",
        "Imani", "Jonas", "Keiko", "Lars", "Mira", "Nikhil", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tamar"};

    private TestProjects() {
    }

    /**
     * {@code count} (at most 400) rows of clearly different synthetic people, MRNs 900001 on: no two share a full
     * name, and they differ in birth year, month and day, in street and house number, and in at least three digits
     * of the SSN. Rows that differ in one letter of the surname and one keystroke of the SSN, with one given name,
     * birth date and address, are one person with typos to the matcher, and a test about loading would see them
     * linked into a few patients.
     */
    public static String distinctPeople(int count) {
        if (count > FAMILY.length * GIVEN.length) {
            throw new IllegalArgumentException("at most " + FAMILY.length * GIVEN.length + " distinct people");
        }
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= count; i++) {
            csv.append(String.format(java.util.Locale.ROOT,
                    "9%05d,%03d-%02d-%04d,%s,%s,,%d-%02d-%02d,%s,%d %s St,,Springfield,IL,62701,,%n",
                    i, 100 + i, 10 + i % 90, 1000 + 13 * i, FAMILY[i % FAMILY.length],
                    GIVEN[(i / FAMILY.length) % GIVEN.length], 1930 + i % 70, 1 + i % 12, 1 + i % 28,
                    i % 2 == 0 ? "F" : "M", i, FAMILY[(i + 7) % FAMILY.length]));
        }
        return csv.toString();
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

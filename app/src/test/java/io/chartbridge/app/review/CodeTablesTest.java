package io.chartbridge.app.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The searchable list of target codes comes from the project's own code tables. */
class CodeTablesTest {

    private final String gender = Path.of(System.getProperty("chartbridge.home", ".."), "mappings", "code-tables",
            "administrative-gender.csv").toString();

    @Test
    void targetsAreTheDistinctTargetCodesOfTheTable() {
        assertThat(new CodeTables().targets(gender)).extracting(CodeTables.TargetCode::code)
                .contains("male", "female").doesNotHaveDuplicates();
    }

    @Test
    void searchMatchesCodeOrDisplayIgnoringCase() {
        assertThat(new CodeTables().search(gender, "FEM")).extracting(CodeTables.TargetCode::code)
                .containsExactly("female");
        assertThat(new CodeTables().find(gender, "male")).get().extracting(CodeTables.TargetCode::display)
                .isEqualTo("Male");
    }
}

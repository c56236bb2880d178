package io.chartbridge.connector.ccda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CcdaXPathTest {

    @Test
    void whiteSpaceRunsCollapseToOneSpaceAndTheEndsAreTrimmed() {
        assertThat(CcdaXPath.collapse("\n   Essential\n      hypertension  ")).isEqualTo("Essential hypertension");
        assertThat(CcdaXPath.collapse("a\u00a0b")).isEqualTo("a b");
        assertThat(CcdaXPath.collapse("a  b")).isEqualTo("a b");
        assertThat(CcdaXPath.collapse(" \t\n")).isEmpty();
        String plain = "Body height 177 cm";
        assertThat(CcdaXPath.collapse(plain)).isSameAs(plain);
    }
}

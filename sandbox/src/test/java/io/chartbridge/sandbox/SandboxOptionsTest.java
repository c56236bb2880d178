package io.chartbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void withoutArgumentsTheServerUsesPort8090AndTheDataDirUnderTheCurrentDirectory() {
        SandboxOptions options = SandboxOptions.parse();

        assertThat(options.port()).isEqualTo(8090);
        assertThat(options.dataDir()).isEqualTo(Path.of(".chartbridge/sandbox").toAbsolutePath().normalize());
        assertThat(options.springArgs()).isEmpty();
    }

    @Test
    void portAndDataDirAreAcceptedWithASpaceOrAnEqualsSign() {
        assertThat(SandboxOptions.parse("--port", "9001", "--data-dir", "/tmp/a").port()).isEqualTo(9001);
        assertThat(SandboxOptions.parse("--port=9002", "--data-dir=/tmp/b").dataDir()).isEqualTo(Path.of("/tmp/b"));
    }

    @Test
    void otherArgumentsArePassedToSpringUnchanged() {
        assertThat(SandboxOptions.parse("--logging.level.root=INFO", "--port=9003").springArgs())
                .containsExactly("--logging.level.root=INFO");
    }

    @Test
    void aPortThatIsNoNumberOrOutOfRangeIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> SandboxOptions.parse("--port", "http")).hasMessage("--port: not a number");
        assertThatThrownBy(() -> SandboxOptions.parse("--port=70000"))
                .hasMessage("--port: must be between 1 and 65535");
        assertThatThrownBy(() -> SandboxOptions.parse("--data-dir")).hasMessage("--data-dir: missing value");
    }

    @Test
    void smartAuthAndItsTokenLifetimeAreOptions() {
        SandboxOptions open = SandboxOptions.parse();
        assertThat(open.smartAuth()).isFalse();
        SandboxOptions smart = SandboxOptions.parse("--auth", "smart", "--token-ttl=20", "--data-dir=/tmp/sb");
        assertThat(smart.smartAuth()).isTrue();
        assertThat(smart.tokenTtl()).hasSeconds(20);
        assertThat(smart.smartDir()).isEqualTo(Path.of("/tmp/sb/smart"));
        assertThatThrownBy(() -> SandboxOptions.parse("--auth=oauth")).hasMessage("--auth: must be none or smart");
        assertThatThrownBy(() -> SandboxOptions.parse("--token-ttl=0"))
                .hasMessage("--token-ttl: must be between 1 and 86400 seconds");
    }

    @Test
    void theDatabaseIsOneH2FileInsideTheDataDir() {
        assertThat(SandboxOptions.parse("--data-dir=/tmp/sb").jdbcUrl())
                .isEqualTo("jdbc:h2:file:/tmp/sb/h2/sandbox;DB_CLOSE_ON_EXIT=FALSE");
    }
}

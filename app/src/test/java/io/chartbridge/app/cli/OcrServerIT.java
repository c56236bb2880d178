package io.chartbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.connector.scans.OcrEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With real Tesseract: a call through {@code ocr --serve} prints what the same call without the server prints. */
class OcrServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPageReadThroughTheServerIsThePageReadWithoutIt() throws Exception {
        Path repo = TestProjects.repo();
        Path scan = repo.resolve("test-fixtures/scans/chart-0010.png");
        StringWriter alone = new StringWriter();
        assertThat(ChartBridge.execute(new PrintWriter(alone, true), new PrintWriter(new StringWriter(), true),
                "ocr", scan.toString())).isZero();

        ByteArrayOutputStream served = new ByteArrayOutputStream();
        ByteArrayOutputStream servedErr = new ByteArrayOutputStream();
        int code;
        try (OcrEngine engine = OcrEngine.withDefaults()) {
            // Twice: the second call finds the engine as the first left it.
            for (int i = 0; i < 2; i++) {
                served.reset();
                // A relative name, from the caller's directory (not this process's).
                code = OcrCliCommand.call(engine, List.of("test-fixtures/scans/chart-0010.png"), repo,
                        new PrintStream(served, true, StandardCharsets.UTF_8),
                        new PrintStream(servedErr, true, StandardCharsets.UTF_8));
                assertThat(code).isZero();
            }
        }

        JsonNode viaServer = JSON.readTree(served.toString(StandardCharsets.UTF_8));
        JsonNode direct = JSON.readTree(alone.toString());
        assertThat(viaServer.path("file").asText()).isEqualTo("test-fixtures/scans/chart-0010.png");
        ((ObjectNode) viaServer).put("file", scan.toString());
        assertThat(viaServer).isEqualTo(direct);
        assertThat(direct.path("fields")).hasSizeGreaterThan(5);
        assertThat(servedErr.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
